package dev.chatgeist.sql;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteLimits;

/**
 * Runs one checked statement inside a worker process: a fresh read-only connection (query_only, no ATTACH, no
 * extensions, strings and blobs capped by {@code SQLITE_LIMIT_LENGTH}), a progress handler that ends the statement
 * at its deadline between opcodes (the parent kills the whole process if a single call overruns), and a result
 * capped per value, per row and in total while it is read, so the reply never exceeds {@code maxBytes}.
 */
final class SqlExecution {
    private static final int VM_STEPS_PER_CHECK = 20_000;
    static final int MAX_CELL_CHARS = 2_000;

    private final SqlLimits limits;

    SqlExecution(SqlLimits limits) {
        this.limits = limits;
    }

    SqlReply run(SqlRequest request) {
        long start = System.nanoTime();
        long deadline = start + limits.timeout().toNanos();
        try (Connection c = open(request.databaseFile())) {
            ProgressHandler.setHandler(c, VM_STEPS_PER_CHECK, new ProgressHandler() {
                @Override
                protected int progress() {
                    return System.nanoTime() > deadline ? 1 : 0;
                }
            });
            try (Statement st = c.createStatement()) {
                if (!st.execute(request.sql())) {
                    return SqlReply.refused("the statement returned no result set; only queries that read rows "
                            + "are allowed (SELECT / WITH ... SELECT)");
                }
                try (ResultSet rs = st.getResultSet()) {
                    return collect(rs, start, deadline);
                }
            }
        } catch (SQLException e) {
            return SqlReply.refused(translate(e, start));
        }
    }

    private Connection open(String file) throws SQLException {
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

    private SqlReply collect(ResultSet rs, long start, long deadline) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int cols = md.getColumnCount();
        List<String> names = new ArrayList<>(cols);
        int bytes = 0;
        for (int i = 1; i <= cols; i++) {
            String name = cut(md.getColumnLabel(i));
            names.add(name);
            bytes += utf8(name) + 3;
        }
        if (bytes > limits.maxBytes()) {
            return SqlReply.refused("the result has " + cols + " columns whose names alone exceed the "
                    + limits.maxBytes() + "-byte output cap; select fewer columns");
        }
        List<List<String>> rows = new ArrayList<>();
        String notice = null;
        while (rs.next()) {
            if (System.nanoTime() > deadline) {
                return SqlReply.refused(SqlRefusals.timeLimit(limits, (System.nanoTime() - start) / 1_000_000));
            }
            if (rows.size() >= limits.maxRows()) {
                notice = "[truncated: only the first " + limits.maxRows() + " rows are shown; add LIMIT or "
                        + "aggregate (COUNT, GROUP BY) to see what matters]";
                break;
            }
            List<String> row = new ArrayList<>(cols);
            int rowBytes = 0;
            for (int i = 1; i <= cols && bytes + rowBytes <= limits.maxBytes(); i++) {
                String v = cell(rs, md, i);
                row.add(v);
                rowBytes += utf8(v) + 3;
            }
            if (row.size() < cols || bytes + rowBytes > limits.maxBytes()) {
                notice = "[truncated: the output reached the " + limits.maxBytes() + "-byte cap after " + rows.size()
                        + " rows; select fewer or shorter columns (e.g. substr(message, 1, 200))]";
                break;
            }
            bytes += rowBytes;
            rows.add(row);
        }
        return new SqlReply(names, rows, notice, null);
    }

    /** One value as shown: blobs by their size only, text flattened to one line and cut at MAX_CELL_CHARS. */
    private static String cell(ResultSet rs, ResultSetMetaData md, int i) throws SQLException {
        if (md.getColumnType(i) == Types.BLOB) {
            byte[] b = rs.getBytes(i);
            return b == null ? "NULL" : "<blob " + b.length + " bytes>";
        }
        String v = rs.getString(i);
        if (v == null) {
            return "NULL";
        }
        String shown = cut(v);
        return shown.replace("\r", "").replace('\n', ' ').replace('|', '¦');
    }

    private static String cut(String s) {
        if (s.length() > MAX_CELL_CHARS) {
            return s.substring(0, MAX_CELL_CHARS) + "… [" + s.length() + " chars, cut]";
        }
        return s;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private String translate(SQLException e, long start) {
        String msg = String.valueOf(e.getMessage());
        if (msg.contains("SQLITE_INTERRUPT") || msg.contains("interrupted")) {
            return SqlRefusals.timeLimit(limits, (System.nanoTime() - start) / 1_000_000);
        }
        if (msg.contains("SQLITE_NOMEM") || msg.contains("out of memory")) {
            return SqlRefusals.outOfMemory(limits);
        }
        if (msg.contains("SQLITE_READONLY") || msg.contains("readonly database") || msg.contains("query_only")) {
            return "the archives are read-only: this statement tries to write. Only queries that read are allowed.";
        }
        if (msg.contains("too many attached")) {
            return "ATTACH is not allowed; name the database with the 'database' argument instead";
        }
        if (msg.contains("string or blob too big") || msg.contains("SQLITE_TOOBIG")) {
            return "a value would exceed the " + limits.maxValueBytes() + "-byte limit for one string or blob; "
                    + "build smaller values (substr, LIMIT)";
        }
        if (msg.contains("not authorized")) {
            return "that operation is not authorized in the sandbox (extension loading and similar are disabled)";
        }
        String clean = msg.replaceFirst("^\\[SQLITE_[A-Z_]+\\][^(]*\\(", "").replaceFirst("\\)$", "");
        return "SQL error: " + clean;
    }
}
