package dev.chatgeist.archive;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs work in one SQLite transaction: commits when it returns, rolls back when it throws anything, and restores
 * the connection's auto-commit mode either way. The work's own exception is the one thrown; a rollback or restore
 * that fails too is attached to it as suppressed, so the cause a user sees (e.g. a full disk) is never hidden.
 */
final class Transactions {
    /** Work inside a transaction; {@code X} is a checked exception it may throw besides SQLException. */
    @FunctionalInterface
    interface Work<T, X extends Exception> {
        T run() throws SQLException, X;
    }

    /** Work that returns nothing. */
    @FunctionalInterface
    interface VoidWork<X extends Exception> {
        void run() throws SQLException, X;
    }

    private Transactions() {}

    static <T, X extends Exception> T inTransaction(Connection connection, Work<T, X> work) throws SQLException, X {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        T result;
        try {
            result = work.run();
            connection.commit();
        } catch (Throwable t) {
            try {
                connection.rollback();
            } catch (SQLException | RuntimeException rollbackFailed) {
                t.addSuppressed(rollbackFailed);
            }
            try {
                connection.setAutoCommit(autoCommit);
            } catch (SQLException | RuntimeException restoreFailed) {
                t.addSuppressed(restoreFailed);
            }
            throw t;
        }
        connection.setAutoCommit(autoCommit);
        return result;
    }

    static <X extends Exception> void inTransaction(Connection connection, VoidWork<X> work) throws SQLException, X {
        inTransaction(connection, () -> {
            work.run();
            return null;
        });
    }
}
