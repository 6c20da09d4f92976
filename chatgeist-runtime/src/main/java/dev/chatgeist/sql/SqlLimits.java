package dev.chatgeist.sql;

import java.time.Duration;

/**
 * What one query may use: wall time (enforced inside SQLite by a progress handler, so a runaway query really
 * stops), rows and bytes of the result shown, the longest string or blob SQLite may build, and the query length.
 */
public record SqlLimits(Duration timeout, int maxRows, int maxBytes, int maxValueBytes, int maxSqlLength) {
    public static final SqlLimits DEFAULT = new SqlLimits(Duration.ofSeconds(3), 100, 50_000, 5_000_000, 20_000);

    public SqlLimits {
        if (timeout.isNegative() || timeout.isZero() || maxRows < 1 || maxBytes < 100 || maxValueBytes < 1000
                || maxSqlLength < 100) {
            throw new IllegalArgumentException("SQL limits must be positive");
        }
    }

    public SqlLimits withTimeout(Duration t) {
        return new SqlLimits(t, maxRows, maxBytes, maxValueBytes, maxSqlLength);
    }
}
