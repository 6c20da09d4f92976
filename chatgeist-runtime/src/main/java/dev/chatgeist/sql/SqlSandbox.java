package dev.chatgeist.sql;

import dev.chatgeist.config.Alias;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteLimits;

/**
 * The analysts' only door to the archives, in the spirit of Datasette: every call opens a fresh read-only
 * connection to one database of an allowed list (named by alias, never by path), runs exactly one statement that
 * reads, and returns at most {@code maxRows} rows / {@code maxBytes} bytes. Safety comes from SQLite itself, not
 * from scanning the text for words: the connection is opened read-only with {@code query_only} on, ATTACH is
 * limited to zero databases, extension loading stays disabled, strings and blobs are capped by
 * {@code SQLITE_LIMIT_LENGTH}, and a progress handler interrupts the statement at its deadline or on cancel.
 * A query may therefore search for {@code '%update%'} or call {@code replace()} freely.
 */
public final class SqlSandbox {
    /** Statement kinds that can only read (EXPLAIN shows a plan and runs nothing). */
    private static final Set<String> READING = Set.of("SELECT", "WITH", "VALUES", "EXPLAIN");
    /** Introspection pragmas that only read, allowed in their query form ({@code PRAGMA table_info(messages)}). */
    private static final Set<String> READ_PRAGMAS = Set.of("table_info", "table_xinfo", "index_list", "index_info",
            "index_xinfo", "foreign_key_list");
    private static final int VM_STEPS_PER_CHECK = 2_000;
    private static final int MAX_CELL_CHARS = 2_000;

    private final Path databasesDir;
    private final SqlLimits limits;

    public SqlSandbox(Path databasesDir, SqlLimits limits) {
        this.databasesDir = databasesDir.toAbsolutePath().normalize();
        this.limits = limits;
    }

    public SqlLimits limits() {
        return limits;
    }

    /**
     * Runs {@code sql} on {@code database}, which must be one of {@code allowed}. {@code cancelled} is polled while
     * SQLite works; when it turns true the statement is interrupted.
     */
    public SqlResult query(String database, Set<String> allowed, String sql, BooleanSupplier cancelled)
            throws SqlRefusedException {
        String alias = checkDatabase(database, allowed);
        String statement = checkStatement(sql);
        Path file = databasesDir.resolve(alias + ".db");
        long start = System.nanoTime();
        long deadline = start + limits.timeout().toNanos();
        try (Connection c = open(file)) {
            ProgressHandler.setHandler(c, VM_STEPS_PER_CHECK, new ProgressHandler() {
                @Override
                protected int progress() {
                    return System.nanoTime() > deadline || cancelled.getAsBoolean() ? 1 : 0;
                }
            });
            try (Statement st = c.createStatement()) {
                boolean hasRows = st.execute(statement);
                if (!hasRows) {
                    throw new SqlRefusedException("the statement returned no result set; only queries that read "
                            + "rows are allowed (SELECT / WITH ... SELECT)");
                }
                try (ResultSet rs = st.getResultSet()) {
                    return collect(alias, rs, start, deadline, cancelled);
                }
            }
        } catch (SQLException e) {
            throw translate(e, start, deadline, cancelled);
        }
    }

    private String checkDatabase(String database, Set<String> allowed) throws SqlRefusedException {
        String list = allowed.isEmpty() ? "(none)" : String.join(", ", allowed.stream().sorted().toList());
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
            throw new SqlRefusedException("exactly one statement per call, found " + statements.size()
                    + "; send them one at a time");
        }
        String statement = statements.get(0);
        String kind = SqlText.firstWord(statement);
        if (kind.equals("PRAGMA")) {
            return checkPragma(statement);
        }
        if (!READING.contains(kind)) {
            throw new SqlRefusedException("only queries that read are allowed (SELECT, WITH ... SELECT, VALUES, "
                    + "EXPLAIN); '" + kind + "' statements are not. The archives are read-only.");
        }
        return statement;
    }

    private static String checkPragma(String statement) throws SqlRefusedException {
        String body = statement.strip().substring("PRAGMA".length()).strip();
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

    private Connection open(Path file) throws SQLException {
        Properties p = new Properties();
        p.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY: SQLite refuses every write
        p.setProperty("busy_timeout", Long.toString(Math.min(limits.timeout().toMillis(), 2_000)));
        p.setProperty("enable_load_extension", "false");
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file, p);
        try {
            var db = ((SQLiteConnection) c).getDatabase();
            db.limit(SQLiteLimits.SQLITE_LIMIT_ATTACHED.getId(), 0);
            db.limit(SQLiteLimits.SQLITE_LIMIT_LENGTH.getId(), limits.maxValueBytes());
            db.limit(SQLiteLimits.SQLITE_LIMIT_SQL_LENGTH.getId(), limits.maxSqlLength());
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA query_only = ON");
                st.execute("PRAGMA trusted_schema = OFF");
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private SqlResult collect(String alias, ResultSet rs, long start, long deadline, BooleanSupplier cancelled)
            throws SQLException, SqlRefusedException {
        ResultSetMetaData md = rs.getMetaData();
        int cols = md.getColumnCount();
        List<String> names = new ArrayList<>(cols);
        int bytes = 0;
        for (int i = 1; i <= cols; i++) {
            names.add(md.getColumnLabel(i));
            bytes += utf8(md.getColumnLabel(i)) + 3;
        }
        List<List<String>> rows = new ArrayList<>();
        String notice = null;
        while (rs.next()) {
            if (System.nanoTime() > deadline || cancelled.getAsBoolean()) {
                throw stopped(start, cancelled);
            }
            if (rows.size() >= limits.maxRows()) {
                notice = "[truncated: only the first " + limits.maxRows() + " rows are shown; add LIMIT or "
                        + "aggregate (COUNT, GROUP BY) to see what matters]";
                break;
            }
            List<String> row = new ArrayList<>(cols);
            int rowBytes = 0;
            for (int i = 1; i <= cols; i++) {
                String v = cell(rs, i);
                row.add(v);
                rowBytes += utf8(v) + 3;
            }
            if (bytes + rowBytes > limits.maxBytes()) {
                notice = "[truncated: the output reached the " + limits.maxBytes() + "-byte cap after "
                        + rows.size() + " rows; select fewer or shorter columns (e.g. substr(message, 1, 200))]";
                break;
            }
            bytes += rowBytes;
            rows.add(row);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        return new SqlResult(alias, names, rows, notice != null, notice, ms);
    }

    private static String cell(ResultSet rs, int i) throws SQLException {
        int type = rs.getMetaData().getColumnType(i);
        if (type == Types.BLOB) {
            byte[] b = rs.getBytes(i);
            return b == null ? "NULL" : "<blob " + b.length + " bytes>";
        }
        String v = rs.getString(i);
        if (v == null) {
            return "NULL";
        }
        String flat = v.replace("\r", "").replace('\n', ' ').replace('|', '¦');
        if (flat.length() > MAX_CELL_CHARS) {
            return flat.substring(0, MAX_CELL_CHARS) + "… [" + v.length() + " chars, cut]";
        }
        return flat;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private SqlRefusedException stopped(long start, BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            return new SqlRefusedException("the query was cancelled by the user");
        }
        return new SqlRefusedException("the query was stopped at the time limit of " + limits.timeout().toMillis()
                + " ms (it ran " + (System.nanoTime() - start) / 1_000_000 + " ms); narrow it with WHERE on "
                + "indexed columns (date_iso, sender_username), use messages_fts MATCH for text, or add LIMIT");
    }

    private SqlRefusedException translate(SQLException e, long start, long deadline, BooleanSupplier cancelled) {
        String msg = String.valueOf(e.getMessage());
        if (msg.contains("SQLITE_INTERRUPT") || msg.contains("interrupted")) {
            return stopped(start, cancelled);
        }
        if (msg.contains("SQLITE_READONLY") || msg.contains("readonly database") || msg.contains("query_only")) {
            return new SqlRefusedException("the archives are read-only: this statement tries to write. Only "
                    + "queries that read are allowed.", e);
        }
        if (msg.contains("too many attached")) {
            return new SqlRefusedException("ATTACH is not allowed; name the database with the 'database' "
                    + "argument instead", e);
        }
        if (msg.contains("string or blob too big") || msg.contains("SQLITE_TOOBIG")) {
            return new SqlRefusedException("a value would exceed the " + limits.maxValueBytes() + "-byte limit "
                    + "for one string or blob; build smaller values (substr, LIMIT)", e);
        }
        if (msg.contains("not authorized")) {
            return new SqlRefusedException("that operation is not authorized in the sandbox (extension loading "
                    + "and similar are disabled)", e);
        }
        String clean = msg.replaceFirst("^\\[SQLITE_[A-Z_]+\\][^(]*\\(", "").replaceFirst("\\)$", "");
        return new SqlRefusedException("SQL error: " + clean, e);
    }
}
