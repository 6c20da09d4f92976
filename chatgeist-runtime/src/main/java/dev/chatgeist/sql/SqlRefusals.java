package dev.chatgeist.sql;

/** The refusals that both sides of the worker pipe give, worded once: what happened and what to do instead. */
final class SqlRefusals {
    private SqlRefusals() {}

    static String cancelled() {
        return "the query was cancelled by the user";
    }

    static String timeLimit(SqlLimits limits, long ranMillis) {
        return "the query was stopped at the time limit of " + limits.timeout().toMillis() + " ms (it ran "
                + ranMillis + " ms); narrow it with WHERE on indexed columns (date_iso, sender_username), use "
                + "messages_fts MATCH for text, or add LIMIT. Functions on huge strings (instr, LIKE, replace, "
                + "printf widths) count too.";
    }

    static String outOfMemory(SqlLimits limits) {
        return "the query needed more memory than the sandbox allows (" + limits.workerMemoryMb() + " MB for "
                + "SQLite and its values); build smaller values (substr, fewer columns), aggregate, or add LIMIT";
    }
}
