package dev.chatgeist.search;

/**
 * One message found: its chat and id, unix {@code timestamp} (null when the archive has none), sender, permalink
 * (null for private chats), a snippet of the text around the matches with each match between the request's
 * markers, and FTS5's bm25 {@code rank} (lower is better; null unless the search was by rank).
 */
public record SearchHit(
        String chat,
        long id,
        Long timestamp,
        String dateIso,
        String sender,
        String senderUsername,
        Long senderId,
        String permalink,
        String snippet,
        Double rank) {}
