package dev.chatgeist.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one transaction helper of the archive package, on a real SQLite file. */
class TransactionsTest {
    @TempDir
    Path dir;

    private Connection open() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS t (n INTEGER)");
        }
        return c;
    }

    private static long rows(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM t")) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    private static void insert(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("INSERT INTO t VALUES (1)");
        }
    }

    @Test
    void workIsCommittedAndItsResultReturned() throws Exception {
        try (Connection c = open()) {
            int result = Transactions.inTransaction(c, () -> {
                insert(c);
                insert(c);
                return 42;
            });
            assertThat(result).isEqualTo(42);
            assertThat(c.getAutoCommit()).as("auto-commit restored").isTrue();
        }
        try (Connection other = open()) {
            assertThat(rows(other))
                    .as("visible to another connection: committed")
                    .isEqualTo(2);
        }
    }

    @Test
    void anyFailureRollsBackTheWholeWorkAndIsRethrownAsItWas() throws Exception {
        try (Connection c = open()) {
            assertThatThrownBy(() -> Transactions.inTransaction(c, () -> {
                        insert(c);
                        throw new IOException("disk went away");
                    }))
                    .isInstanceOf(IOException.class)
                    .hasMessage("disk went away")
                    .hasNoSuppressedExceptions();
            assertThatThrownBy(() -> Transactions.inTransaction(c, () -> {
                        insert(c);
                        c.createStatement().execute("INSERT INTO missing VALUES (1)");
                    }))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("missing");
            assertThatThrownBy(() -> Transactions.inTransaction(c, () -> {
                        insert(c);
                        throw new IllegalStateException("a bug");
                    }))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(rows(c)).isZero();
            assertThat(c.getAutoCommit()).isTrue();
        }
    }

    @Test
    void theAutoCommitModeFoundIsTheOneRestored() throws Exception {
        try (Connection c = open()) {
            c.setAutoCommit(false);
            Transactions.inTransaction(c, () -> insert(c));
            assertThat(c.getAutoCommit()).isFalse();
        }
    }

    @Test
    void aFailedRollbackDoesNotHideTheOriginalError() throws Exception {
        Connection c = open();
        assertThatThrownBy(() -> Transactions.inTransaction(c, () -> {
                    insert(c);
                    c.close(); // the connection breaks: rollback and restoring auto-commit fail too
                    throw new IllegalStateException("the original failure");
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the original failure")
                .satisfies(e -> assertThat(e.getSuppressed())
                        .isNotEmpty()
                        .allSatisfy(s -> assertThat(s).isInstanceOf(SQLException.class)));
        try (Connection other = open()) {
            assertThat(rows(other))
                    .as("closing with the transaction open discarded it")
                    .isZero();
        }
    }
}
