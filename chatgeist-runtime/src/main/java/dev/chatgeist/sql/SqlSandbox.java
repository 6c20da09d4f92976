package dev.chatgeist.sql;

import dev.chatgeist.config.Alias;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The analysts' only door to the archives, in the spirit of Datasette: every call runs exactly one statement that
 * reads, on one database of an allowed list (named by alias, never by path), and returns at most {@code maxRows}
 * rows / {@code maxBytes} bytes. The statement runs in a separate worker process ({@link SqlWorkerPool}) on a fresh
 * read-only connection; the worker is killed at the deadline or on cancel, so no statement outlives its limit,
 * whatever function it calls, and the worker's memory is capped apart from the bot's heap. Safety comes from SQLite
 * and the process boundary, not from scanning the text for words: the checks here only decide the statement's kind
 * and keep what SQLite evaluates while preparing (PRAGMA, {@code pragma_*} functions) to the read-only schema
 * pragmas. A query may therefore search for {@code '%update%'} or call {@code replace()} freely.
 */
public final class SqlSandbox implements AutoCloseable {
    /** Statement kinds that can only read (EXPLAIN shows a plan and runs nothing). */
    private static final Set<String> READING = Set.of("SELECT", "WITH", "VALUES", "EXPLAIN");
    /** Introspection pragmas that only read, allowed in their query form ({@code PRAGMA table_info(messages)}). */
    private static final Set<String> READ_PRAGMAS =
            Set.of("table_info", "table_xinfo", "index_list", "index_info", "index_xinfo", "foreign_key_list");
    /**
     * The {@code pragma_*} table-valued functions a query may use: the schema pragmas above plus lists that show
     * neither paths nor settings. Every other one is refused: some change process-wide settings while the
     * statement is prepared, {@code pragma_database_list} shows the archive's absolute path.
     */
    private static final Set<String> READ_PRAGMA_FUNCTIONS = Set.of(
            "pragma_table_info",
            "pragma_table_xinfo",
            "pragma_index_list",
            "pragma_index_info",
            "pragma_index_xinfo",
            "pragma_foreign_key_list",
            "pragma_table_list",
            "pragma_function_list",
            "pragma_collation_list",
            "pragma_compile_options");
    /** Idle workers kept warm when the caller does not say how many statements run at once. */
    private static final int DEFAULT_WORKERS = 3;

    private final Path databasesDir;
    private final SqlLimits limits;
    private final SqlWorkerPool workers;

    public SqlSandbox(Path databasesDir, SqlLimits limits) {
        this(databasesDir, limits, DEFAULT_WORKERS);
    }

    /** {@code workers}: how many statements may run at once without waiting for a worker to start. */
    public SqlSandbox(Path databasesDir, SqlLimits limits, int workers) {
        this.databasesDir = databasesDir.toAbsolutePath().normalize();
        this.limits = limits;
        this.workers = new SqlWorkerPool(limits, workers);
    }

    public SqlLimits limits() {
        return limits;
    }

    /**
     * Runs {@code sql} on {@code database}, which must be one of {@code allowed}. {@code cancelled} is polled while
     * the worker runs the statement; when it turns true the worker is killed and the call returns at once.
     */
    public SqlResult query(String database, Set<String> allowed, String sql, BooleanSupplier cancelled)
            throws SqlRefusedException {
        String alias = checkDatabase(database, allowed);
        String statement = checkStatement(sql);
        Path file = databasesDir.resolve(alias + ".db");
        long start = System.nanoTime();
        SqlReply reply = workers.run(new SqlRequest(file.toString(), statement), cancelled);
        if (reply.refusal() != null) {
            throw new SqlRefusedException(reply.refusal());
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        return new SqlResult(alias, reply.columns(), reply.rows(), reply.notice() != null, reply.notice(), ms);
    }

    /** Stops the idle workers; a running statement finishes first. Workers also exit by themselves with the JVM. */
    @Override
    public void close() {
        workers.close();
    }

    private String checkDatabase(String database, Set<String> allowed) throws SqlRefusedException {
        String list = allowed.isEmpty()
                ? "(none)"
                : String.join(", ", allowed.stream().sorted().toList());
        if (database == null || database.isBlank()) {
            throw new SqlRefusedException("no database named; use one of: " + list);
        }
        String name = database.strip();
        if (name.endsWith(".db") && Alias.isValid(name.substring(0, name.length() - 3))) {
            name = name.substring(0, name.length() - 3); // "chat.db" names the alias "chat"
        }
        if (!Alias.isValid(name) || !allowed.contains(name)) {
            throw new SqlRefusedException("unknown database '" + database + "'; databases are named by alias, "
                    + "not by path. Allowed: " + list);
        }
        if (!Files.isRegularFile(databasesDir.resolve(name + ".db"))) {
            throw new SqlRefusedException("the database '" + name + "' has no archive file yet; allowed: " + list);
        }
        return name;
    }

    private String checkStatement(String sql) throws SqlRefusedException {
        if (sql == null || sql.isBlank()) {
            throw new SqlRefusedException("empty query; send one SELECT statement");
        }
        if (sql.length() > limits.maxSqlLength()) {
            throw new SqlRefusedException("the query is " + sql.length() + " characters long; the limit is "
                    + limits.maxSqlLength() + ". Write a shorter query.");
        }
        List<String> statements = SqlText.statements(sql);
        if (statements.isEmpty()) {
            throw new SqlRefusedException("the query holds only comments; send one SELECT statement");
        }
        if (statements.size() > 1) {
            throw new SqlRefusedException(
                    "exactly one statement per call, found " + statements.size() + "; send them one at a time");
        }
        String statement = statements.get(0);
        checkKind(statement);
        checkPragmaFunctions(statement);
        return statement;
    }

    /** A statement that reads, or EXPLAIN of one: SQLite prepares what EXPLAIN names, PRAGMA effects included. */
    private static void checkKind(String statement) throws SqlRefusedException {
        String kind = SqlText.firstWord(statement);
        if (kind.equals("EXPLAIN")) {
            String explained = SqlText.afterFirstWord(statement);
            if (SqlText.firstWord(explained).equals("QUERY")) {
                explained = SqlText.afterFirstWord(SqlText.afterFirstWord(explained)); // QUERY PLAN
            }
            checkKind(explained);
        } else if (kind.equals("PRAGMA")) {
            checkPragma(statement);
        } else if (!READING.contains(kind)) {
            throw new SqlRefusedException("only queries that read are allowed (SELECT, WITH ... SELECT, VALUES, "
                    + "EXPLAIN of those); '" + kind + "' statements are not. The archives are read-only.");
        }
    }

    private static void checkPragmaFunctions(String statement) throws SqlRefusedException {
        for (String name : SqlText.names(statement)) {
            String n = name.strip().toLowerCase(Locale.ROOT);
            if (n.equals("pragma_database_list")) {
                throw new SqlRefusedException("pragma_database_list is not available: the sandbox does not show "
                        + "file paths. Databases are named by alias (the 'database' argument); the tables are in "
                        + "SELECT name FROM pragma_table_list");
            }
            if (n.startsWith("pragma_") && !READ_PRAGMA_FUNCTIONS.contains(n)) {
                throw new SqlRefusedException(n + " is not available: it reads or changes settings of the SQLite "
                        + "process. Allowed: "
                        + String.join(
                                ", ", READ_PRAGMA_FUNCTIONS.stream().sorted().toList())
                        + " (e.g. SELECT * FROM pragma_table_info('messages'))");
            }
        }
    }

    private static String checkPragma(String statement) throws SqlRefusedException {
        String body = SqlText.afterFirstWord(statement).strip();
        String name = body.replaceFirst("(?s)^([A-Za-z_]+).*$", "$1").toLowerCase(Locale.ROOT);
        String rest = body.substring(Math.min(body.length(), name.length())).strip();
        boolean queryForm = rest.isEmpty() || rest.matches("(?s)\\(\\s*['\"]?[A-Za-z0-9_]+['\"]?\\s*\\)");
        if (!READ_PRAGMAS.contains(name) || !queryForm) {
            throw new SqlRefusedException("PRAGMA statements may not change settings; only the read-only "
                    + String.join(", ", READ_PRAGMAS.stream().sorted().toList()) + " are allowed (or use "
                    + "SELECT * FROM pragma_table_info('messages'))");
        }
        return statement;
    }
}
