package dev.chatgeist.archive;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Brings an archive opened for writing up to date: creates missing schema objects, migrates an older schema
 * version, and finishes a bulk load that a crash interrupted. Newer or foreign schemas never get here
 * ({@link SchemaCheck} refuses them first).
 */
final class SchemaSetup {
    private final Archive archive;
    private final Connection connection;
    private final Consumer<String> log;

    /** {@code log} receives one line per notable repair. */
    SchemaSetup(Archive archive, Consumer<String> log) {
        this.archive = archive;
        this.connection = archive.connection();
        this.log = log;
    }

    void run() throws SQLException {
        boolean fresh = !tableExists("messages");
        Map<String, String> meta = Transactions.inTransaction(connection, () -> {
            try (Statement st = connection.createStatement()) {
                for (String ddl : ArchiveSchema.all()) {
                    st.execute(ddl);
                }
                for (String ddl : ArchiveSchema.SIDE_TABLES) { // also into existing archives, Python-made ones too
                    st.execute(ddl);
                }
            }
            Map<String, String> before = archive.readMetadata();
            if (fresh) {
                archive.putMetadata(ArchiveSchema.KEY_SCHEMA_VERSION, Integer.toString(ArchiveSchema.VERSION));
            }
            return before;
        });
        int version = Archive.parseVersion(meta.get(ArchiveSchema.KEY_SCHEMA_VERSION));
        if (!fresh && version < ArchiveSchema.VERSION) {
            migrateFrom(version);
        }
        if (meta.containsKey(ArchiveSchema.KEY_FTS_REBUILD_PENDING)) {
            log.accept("finishing an interrupted bulk load of " + archive.file().getFileName()
                    + ": rebuilding the search index");
            new BulkLoad(archive).finish(false);
            ParallelFtsBuild.deleteLeftovers(archive.file());
        }
    }

    /**
     * Version 0 → 1: a Python-made database. Its converter upserted with INSERT OR REPLACE, which does not fire the
     * delete trigger, so a re-imported dump leaves stale entries in the external-content FTS index; check it once
     * and rebuild it if it does not match the table.
     */
    private void migrateFrom(int version) throws SQLException {
        if (version >= 1) {
            return;
        }
        boolean consistent;
        try (Statement st = connection.createStatement()) {
            st.execute("INSERT INTO messages_fts(messages_fts, rank) VALUES('integrity-check', 1)");
            consistent = true;
        } catch (SQLException e) {
            consistent = false;
        }
        boolean rebuild = !consistent;
        Transactions.inTransaction(connection, () -> {
            if (rebuild) {
                log.accept("the search index of " + archive.file().getFileName() + " did not match its messages "
                        + "(a Python-era re-import); rebuilt it");
                try (Statement st = connection.createStatement()) {
                    st.execute("INSERT INTO messages_fts(messages_fts) VALUES('rebuild')");
                }
            }
            archive.putMetadata(ArchiveSchema.KEY_SCHEMA_VERSION, Integer.toString(ArchiveSchema.VERSION));
        });
    }

    private boolean tableExists(String name) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT 1 FROM sqlite_master WHERE type IN ('table','view') AND name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
