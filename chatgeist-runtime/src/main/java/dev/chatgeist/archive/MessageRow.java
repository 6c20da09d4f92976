package dev.chatgeist.archive;

/**
 * One row of {@code messages}, with the values the Python version stores: unix-second {@code timestamp},
 * {@code reactionsCount} the sum of the counts, {@code reactionsDetail} as {@code "👍 (10), ❤️ (5)"} ("" when
 * none), the display name already resolved through its fallbacks.
 */
public record MessageRow(
        long id,
        Long timestamp,
        String dateIso,
        String message,
        Long senderId,
        String senderUsername,
        String senderDisplayName,
        Long replyToMsgId,
        long reactionsCount,
        String reactionsDetail,
        Long views,
        Long forwards,
        String permalink,
        String mediaPath,
        boolean service) {

    /**
     * The characters of the row's text columns: the part of its memory that grows with the content (a message may
     * be megabytes), so batches and queues can be bounded by size as well as by count.
     */
    public long textLength() {
        return length(dateIso)
                + length(message)
                + length(senderUsername)
                + length(senderDisplayName)
                + length(reactionsDetail)
                + length(permalink)
                + length(mediaPath);
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    public MessageRow withMediaPath(String path) {
        return new MessageRow(
                id,
                timestamp,
                dateIso,
                message,
                senderId,
                senderUsername,
                senderDisplayName,
                replyToMsgId,
                reactionsCount,
                reactionsDetail,
                views,
                forwards,
                permalink,
                path,
                service);
    }
}
