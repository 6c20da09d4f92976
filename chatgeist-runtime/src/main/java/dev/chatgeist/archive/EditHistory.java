package dev.chatgeist.archive;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/**
 * "A row's text changed": the one place that keeps the previous text. A TEMP trigger on the writing connection
 * copies {@code old.message} into {@code message_edits} whenever an UPDATE of {@code messages} changes it, so the
 * importer's upsert and the refresh write history the same way, in the same transaction as the change (a crash
 * loses or doubles neither). TEMP keeps it out of the file: the schema stays the Python converter's, and older
 * ChatGeist builds, which refuse triggers they do not know, still open the archive.
 */
final class EditHistory {
    private static final String CREATE_CLOCK = "CREATE TEMP TABLE IF NOT EXISTS edit_clock (now INTEGER NOT NULL)";

    private static final String CREATE_TRIGGER = """
            CREATE TEMP TRIGGER IF NOT EXISTS record_edit AFTER UPDATE OF message ON main.messages
            WHEN old.message IS NOT new.message BEGIN
                INSERT INTO message_edits (id, edited_at, old_message)
                VALUES (old.id, (SELECT now FROM edit_clock), old.message);
            END""";

    private EditHistory() {}

    /** Installs the trigger on a connection that writes the archive (once per connection). */
    static void install(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(CREATE_CLOCK);
            st.execute(CREATE_TRIGGER);
        }
    }

    /**
     * Sets the time recorded for the edits that follow, inside the writer's transaction. The clock lives in the
     * TEMP database: setting it writes no page of the archive.
     */
    static void clock(Connection connection, Instant now) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("DELETE FROM temp.edit_clock");
        }
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO temp.edit_clock (now) VALUES (?)")) {
            ps.setLong(1, now.getEpochSecond());
            ps.executeUpdate();
        }
    }
}
