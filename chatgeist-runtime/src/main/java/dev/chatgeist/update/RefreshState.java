package dev.chatgeist.update;

import java.util.Map;
import java.util.function.BiConsumer;

/**
 * What the refresh of a chat carries from one run to the next, kept in the archive's metadata and saved in the
 * refresh's last transaction (so a crash never saves a state ahead of the rows): {@code headHash} the hash of the
 * newest page as Telegram last served it (https://core.telegram.org/api/offsets#hash-generation); {@code
 * budgetTenths} the extra requests earned and not spent yet, in tenths of a request; {@code cursor} the message id
 * the budgeted pass continues below (0: start again just below the newest page); {@code topAt} when (unix
 * seconds) the window's most reacted and most viewed messages were last refreshed by id.
 */
public record RefreshState(long headHash, int budgetTenths, long cursor, long topAt) {
    static final String HEAD_HASH = "refresh_head_hash";
    static final String BUDGET = "refresh_budget_tenths";
    static final String CURSOR = "refresh_cursor";
    static final String TOP_AT = "refresh_top_at";

    static RefreshState from(Map<String, String> metadata) {
        return new RefreshState(
                number(metadata.get(HEAD_HASH)),
                (int) number(metadata.get(BUDGET)),
                number(metadata.get(CURSOR)),
                number(metadata.get(TOP_AT)));
    }

    void saveTo(BiConsumer<String, String> metadata) {
        metadata.accept(HEAD_HASH, Long.toString(headHash));
        metadata.accept(BUDGET, Integer.toString(budgetTenths));
        metadata.accept(CURSOR, Long.toString(cursor));
        metadata.accept(TOP_AT, Long.toString(topAt));
    }

    /** A damaged value only costs one unhashed page or one restarted pass, so it reads as 0. */
    static long number(String text) {
        if (text == null) {
            return 0;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
