package dev.chatgeist.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;

/**
 * What an import file may hold, so that a hostile or broken file ends with a message instead of exhausting memory
 * or storing something other than what it says. Telegram's own values are far inside these bounds: message ids are
 * 32-bit, texts at most 4,096 characters, exports nest a few levels deep. README ("Importing") documents them.
 */
public record ImportLimits(int maxMessageBytes, int maxNesting, int maxStringChars) {
    /** The limits of every import: 1 MiB per message (one JSONL line, one message of result.json). */
    public static final ImportLimits DEFAULT = new ImportLimits(1 << 20, 1_000, 1 << 20);

    /** Telegram's message ids (and reply-to ids, views, forwards, reaction counts) are 32-bit: 1 … 2^31−1. */
    public static final long MAX_MESSAGE_ID = Integer.MAX_VALUE;

    /** Telegram user, chat and channel ids fit in 52 bits (Bot API: "at most 52 significant bits"). */
    public static final long MAX_PEER_ID = (1L << 52) - 1;

    /** The export's {@code date_unixtime}: years 1 … 9999, what {@code date_iso} can write. */
    public static final long MIN_UNIX_TIME = -62_135_596_800L;

    public static final long MAX_UNIX_TIME = 253_402_300_799L;

    /** A JSON parser factory that enforces these limits while streaming (no extra pass over the input). */
    JsonFactory jsonFactory(boolean allowNonNumericNumbers) {
        var builder = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxNesting)
                        .maxStringLength(maxStringChars)
                        .maxNumberLength(1_000)
                        .build());
        if (allowNonNumericNumbers) {
            builder.enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS);
        }
        return builder.build();
    }

    /** The message for a value above {@link #maxMessageBytes}. */
    String tooLong(String what) {
        return what + " is longer than "
                + (maxMessageBytes >= 1 << 20 && maxMessageBytes % (1 << 20) == 0
                        ? maxMessageBytes / (1 << 20) + " MiB"
                        : maxMessageBytes + " bytes")
                + ", the most one message may take; no Telegram message is that long. If the file was joined or cut "
                + "wrongly, export the chat again";
    }
}
