package dev.chatgeist.telegram.mtproto;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server's messages this session has received (the newest few hundred ids): to drop repeats, to know whether a
 * msg_detailed_info names an answer we already have, and to answer the server's msgs_state_req with the status
 * bytes of core.telegram.org/mtproto/service_messages_about_messages.
 */
final class ReceivedMessages {
    /** msgs_state_info status bytes. */
    static final byte FORGOTTEN = 1;

    static final byte NOT_RECEIVED = 2;
    static final byte NOT_YET_RECEIVED = 3;
    static final byte RECEIVED = 4;
    static final byte ACKNOWLEDGED = 8;
    static final byte NO_ACK_NEEDED = 16;

    private final int capacity;
    /** id → content-related (odd seqno), oldest first */
    private final LinkedHashMap<Long, Boolean> ids = new LinkedHashMap<>();

    private long highest = Long.MIN_VALUE;
    private long forgottenUpTo = Long.MIN_VALUE;

    ReceivedMessages(int capacity) {
        this.capacity = capacity;
    }

    /** Records {@code id}; false when it was already received (a repeat to ignore). */
    boolean firstTime(long id, boolean contentRelated) {
        if (ids.containsKey(id)) {
            return false;
        }
        ids.put(id, contentRelated);
        highest = Math.max(highest, id);
        if (ids.size() > capacity) {
            Iterator<Map.Entry<Long, Boolean>> oldest = ids.entrySet().iterator();
            forgottenUpTo = Math.max(forgottenUpTo, oldest.next().getKey());
            oldest.remove();
        }
        return true;
    }

    boolean has(long id) {
        return ids.containsKey(id);
    }

    /** The msgs_state_info byte for the server's message {@code id}; {@code ackPending}: received, not yet acked. */
    byte state(long id, boolean ackPending) {
        Boolean contentRelated = ids.get(id);
        if (contentRelated != null) {
            if (!contentRelated) {
                return RECEIVED | NO_ACK_NEEDED;
            }
            return ackPending ? RECEIVED : RECEIVED | ACKNOWLEDGED;
        }
        if (id > highest) {
            return NOT_YET_RECEIVED;
        }
        return id <= forgottenUpTo ? FORGOTTEN : NOT_RECEIVED;
    }
}
