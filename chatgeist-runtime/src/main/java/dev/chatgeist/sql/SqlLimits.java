package dev.chatgeist.sql;

import java.time.Duration;

/**
 * What one query may use: wall time (the worker process that runs it is killed at the deadline, so even a single
 * long SQLite function call stops), rows and bytes of the result shown, the longest string or blob SQLite may
 * build, the query length, and the memory of the worker process ({@code workerMemoryMb}, its address-space cap).
 */
public record SqlLimits(
        Duration timeout, int maxRows, int maxBytes, int maxValueBytes, int maxSqlLength, int workerMemoryMb) {
    public static final SqlLimits DEFAULT = new SqlLimits(Duration.ofSeconds(3), 100, 50_000, 5_000_000, 20_000, 640);

    public SqlLimits {
        if (timeout.isNegative()
                || timeout.isZero()
                || maxRows < 1
                || maxBytes < 100
                || maxValueBytes < 1000
                || maxSqlLength < 100
                || workerMemoryMb < 256) {
            throw new IllegalArgumentException("SQL limits must be positive (and the worker memory at least 256 MB)");
        }
    }

    public SqlLimits withTimeout(Duration t) {
        return new SqlLimits(t, maxRows, maxBytes, maxValueBytes, maxSqlLength, workerMemoryMb);
    }

    /** The same limits with room for at least {@code rows} rows and {@code bytes} bytes in a result. */
    public SqlLimits withAtLeast(int rows, int bytes) {
        return new SqlLimits(
                timeout,
                Math.max(maxRows, rows),
                Math.max(maxBytes, bytes),
                maxValueBytes,
                maxSqlLength,
                workerMemoryMb);
    }

    /** The longest answer a worker may send back: the shown bytes plus the framing of the largest row count. */
    int maxReplyBytes() {
        return maxBytes * 2 + 16 * maxRows + 4_096;
    }
}
