package dev.chatgeist.archive;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Decides, read-only, whether a database is an archive we may write (ours or the Python version's). */
final class SchemaCheck {
    private static final Map<String, String> EXPECTED_TYPES = new LinkedHashMap<>();

    static {
        String[] types = {
            "INTEGER", "INTEGER", "TEXT", "TEXT", "INTEGER", "TEXT", "TEXT", "INTEGER", "INTEGER", "TEXT", "INTEGER",
            "INTEGER", "TEXT", "TEXT", "INTEGER"
        };
        for (int i = 0; i < types.length; i++) {
            EXPECTED_TYPES.put(ArchiveSchema.COLUMNS.get(i), types[i]);
        }
    }

    private SchemaCheck() {}

    /**
     * Refuses a file that is not a ChatGeist archive. {@code forWriting}: also refuse objects that would act on our
     * writes (a reader is not affected by them, so stats and the bot still read such an archive).
     */
    static void verify(Path file, Connection c, boolean forWriting) throws SQLException {
        Map<String, String> tables = new LinkedHashMap<>();
        try (Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT name, type, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")) {
            while (rs.next()) {
                tables.put(rs.getString(1), rs.getString(2) + ":" + rs.getString(3));
            }
        }
        if (tables.isEmpty()) {
            return; // an empty database becomes an archive
        }
        if (!tables.containsKey("messages")) {
            List<String> names = new ArrayList<>(tables.keySet());
            throw new ArchiveException(file + " is an SQLite database of something else (it has "
                    + String.join(", ", names.subList(0, Math.min(8, names.size())))
                    + (names.size() > 8 ? ", ..." : "") + " but no messages table); it was left untouched. "
                    + "Point the chat at another file or move this one away.");
        }
        List<String> problems = new ArrayList<>();
        Map<String, String> columns = new LinkedHashMap<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA table_info(messages)")) {
            while (rs.next()) {
                columns.put(rs.getString("name"), rs.getString("type").toUpperCase(Locale.ROOT));
            }
        }
        for (var e : EXPECTED_TYPES.entrySet()) {
            String type = columns.get(e.getKey());
            if (type == null) {
                problems.add("column " + e.getKey() + " is missing");
            } else if (!type.equals(e.getValue())) {
                problems.add("column " + e.getKey() + " is " + type + ", expected " + e.getValue());
            }
        }
        for (String col : columns.keySet()) {
            if (!EXPECTED_TYPES.containsKey(col)) {
                problems.add("unexpected column " + col);
            }
        }
        String fts = tables.get("messages_fts");
        if (fts != null && !fts.toLowerCase(Locale.ROOT).contains("fts5")) {
            problems.add("messages_fts is not an FTS5 table");
        }
        String meta = tables.get("metadata");
        if (meta != null) {
            List<String> metaCols = columnNames(c, "metadata");
            if (!metaCols.equals(List.of("key", "value"))) {
                problems.add("metadata has columns " + metaCols + ", expected [key, value]");
            }
        }
        for (var side : ArchiveSchema.SIDE_COLUMNS.entrySet()) {
            if (tables.containsKey(side.getKey())) {
                List<String> cols = columnNames(c, side.getKey());
                if (!cols.equals(side.getValue())) {
                    problems.add(side.getKey() + " has columns " + cols + ", expected " + side.getValue());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ArchiveException(file + " has a messages table that is not a ChatGeist archive ("
                    + String.join("; ", problems) + "); it was left untouched. Move it away or choose another alias.");
        }
        if (forWriting) {
            checkForeignObjects(file, c);
        }
        if (meta != null) {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(
                            "SELECT value FROM metadata WHERE key = '" + ArchiveSchema.KEY_SCHEMA_VERSION + "'")) {
                int version = rs.next() ? Archive.parseVersion(rs.getString(1)) : 0;
                if (version > ArchiveSchema.VERSION) {
                    throw new ArchiveException(file + " was written by a newer ChatGeist (schema "
                            + (version == Integer.MAX_VALUE ? "unknown" : version) + ", this one knows "
                            + ArchiveSchema.VERSION + "); upgrade ChatGeist. It was left untouched.");
                }
            }
        }
    }

    private static List<String> columnNames(Connection c, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                names.add(rs.getString("name"));
            }
        }
        return names;
    }

    /**
     * Objects that would act on ChatGeist's writes: a trigger it did not create (or one of its triggers, changed)
     * runs on every row written and can alter or block it, and a UNIQUE index of someone else's can make the
     * upserts fail. Other added tables, views and indexes are harmless and left alone.
     */
    private static void checkForeignObjects(Path file, Connection c) throws SQLException {
        Map<String, String> ours = new LinkedHashMap<>();
        for (int i = 0; i < ArchiveSchema.TRIGGERS.size(); i++) {
            ours.put(ArchiveSchema.TRIGGER_NAMES.get(i), normalized(ArchiveSchema.TRIGGERS.get(i)));
        }
        List<String> foreign = new ArrayList<>();
        List<String> drops = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT type, name, tbl_name, sql FROM sqlite_master "
                        + "WHERE type IN ('trigger', 'index') AND sql IS NOT NULL ORDER BY type DESC, name")) {
            while (rs.next()) {
                String type = rs.getString(1);
                String name = rs.getString(2);
                String sql = rs.getString(4);
                if (type.equals("trigger") && !normalized(sql).equals(ours.get(name))) {
                    foreign.add("trigger " + name + " on " + rs.getString(3)
                            + (ours.containsKey(name) ? " (changed from the one ChatGeist creates)" : "") + ": "
                            + abbreviate(sql));
                    drops.add("DROP TRIGGER \"" + name + "\"");
                } else if (type.equals("index")
                        && !ArchiveSchema.INDEX_NAMES.contains(name)
                        && normalized(sql).startsWith("create unique index")) {
                    foreign.add("unique index " + name + " on " + rs.getString(3) + ": " + abbreviate(sql));
                    drops.add("DROP INDEX \"" + name + "\"");
                }
            }
        }
        if (!foreign.isEmpty()) {
            throw new ArchiveException(file + " has what ChatGeist did not create and would run on its writes: "
                    + String.join("; ", foreign) + ". It was left untouched. If you added it, remove it (sqlite3 "
                    + file + " '" + String.join("; ", drops) + "') or point the chat at a copy without it.");
        }
    }

    /** The statement as SQLite keeps it in sqlite_master ("IF NOT EXISTS" dropped), whitespace and case folded. */
    private static String normalized(String sql) {
        return sql.strip()
                .replaceAll("\\s+", " ")
                .toLowerCase(Locale.ROOT)
                .replaceFirst("^create (trigger|index) if not exists ", "create $1 ");
    }

    private static String abbreviate(String sql) {
        String s = sql.strip().replaceAll("\\s+", " ");
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
