package dev.chatgeist.telegram.mtproto;

/**
 * Client message ids: about unixtime * 2^32 in server time (local clock plus the measured offset), divisible by 4,
 * strictly increasing.
 */
public final class MessageIds {
    private long timeOffsetSeconds;
    private long last;

    public MessageIds(long timeOffsetSeconds) {
        this.timeOffsetSeconds = timeOffsetSeconds;
    }

    public synchronized long next() {
        long nowMillis = System.currentTimeMillis() + timeOffsetSeconds * 1000;
        long id = (nowMillis / 1000) << 32 | ((nowMillis % 1000) * 4_294_967L & 0xffffffffL);
        id &= ~3L;
        if (id <= last) {
            id = last + 4;
        }
        last = id;
        return id;
    }

    /** Adopts the server's clock from one of its message ids (bad_msg_notification 16/17). */
    public synchronized void syncWith(long serverMsgId) {
        long serverSeconds = serverMsgId >>> 32;
        timeOffsetSeconds = serverSeconds - System.currentTimeMillis() / 1000;
        last = 0;
    }

    public synchronized long timeOffsetSeconds() {
        return timeOffsetSeconds;
    }
}
