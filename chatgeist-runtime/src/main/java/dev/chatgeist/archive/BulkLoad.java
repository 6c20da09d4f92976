package dev.chatgeist.archive;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A bulk load into an empty archive: the FTS triggers and secondary indexes are dropped with the first batch and
 * built once at the end, several times faster than row by row. The {@code fts_rebuild_pending} marker makes the
 * next open finish a load that a crash interrupted.
 */
final class BulkLoad {
    private static final String BULK_CACHE_KIB = "-2048";

    private final Archive archive;
    private final Connection connection;

    BulkLoad(Archive archive) {
        this.archive = archive;
        this.connection = archive.connection();
    }

    /**
     * Prepares the load, in the first batch's transaction: drops the FTS triggers and the secondary indexes and
     * marks the archive. Checkpoints are spaced out meanwhile.
     */
    void begin() throws SQLException {
        try (Statement st = connection.createStatement()) {
            for (String name : ArchiveSchema.TRIGGER_NAMES) {
                st.execute("DROP TRIGGER IF EXISTS " + name);
            }
            for (String name : ArchiveSchema.INDEX_NAMES) {
                st.execute("DROP INDEX IF EXISTS " + name);
            }
            st.execute("PRAGMA wal_autocheckpoint=32768");
            st.execute("PRAGMA cache_size=" + BULK_CACHE_KIB); // appends in id order need few cached pages
        }
        archive.putMetadata(ArchiveSchema.KEY_FTS_REBUILD_PENDING, "1");
    }

    /** Creates the secondary indexes dropped for the load (one sorted pass each, far cheaper than per row). */
    void createIndexes() throws SQLException {
        Transactions.inTransaction(connection, () -> {
            try (Statement st = connection.createStatement()) {
                for (String ddl : ArchiveSchema.CREATE_INDEXES) {
                    st.execute(ddl);
                }
            }
        });
    }

    /**
     * Ends the load in one transaction: creates any missing index, rebuilds the FTS index from the table unless
     * {@code ftsAlreadyBuilt} (merged in by {@link ParallelFtsBuild}), restores the triggers, clears the marker.
     */
    void finish(boolean ftsAlreadyBuilt) throws SQLException {
        Transactions.inTransaction(connection, () -> {
            try (Statement st = connection.createStatement()) {
                for (String ddl : ArchiveSchema.CREATE_INDEXES) {
                    st.execute(ddl);
                }
                if (!ftsAlreadyBuilt) {
                    st.execute("INSERT INTO messages_fts(messages_fts) VALUES('rebuild')");
                }
                for (String ddl : ArchiveSchema.TRIGGERS) {
                    st.execute(ddl);
                }
            }
            archive.deleteMetadata(ArchiveSchema.KEY_FTS_REBUILD_PENDING);
        });
        try (Statement st = connection.createStatement()) {
            st.execute("PRAGMA wal_autocheckpoint=1000");
            st.execute("PRAGMA cache_size=" + ArchiveFiles.CACHE_KIB);
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }
}
