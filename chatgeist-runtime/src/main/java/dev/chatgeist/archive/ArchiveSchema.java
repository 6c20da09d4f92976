package dev.chatgeist.archive;

import java.util.List;

/**
 * The archive's schema, statement for statement the one the Python version creates (same text, so that
 * {@code sqlite_master} reads the same and prompts written for the old databases keep working).
 * {@code metadata.schema_version} tracks our migrations; a Python-made database has none and is version 0.
 */
public final class ArchiveSchema {
    /** The version this code writes. Version 0 is a database made by the Python converter. */
    public static final int VERSION = 1;

    public static final List<String> COLUMNS = List.of(
            "id",
            "timestamp",
            "date_iso",
            "message",
            "sender_id",
            "sender_username",
            "sender_display_name",
            "reply_to_msg_id",
            "reactions_count",
            "reactions_detail",
            "views",
            "forwards",
            "permalink",
            "media_path",
            "is_service");

    static final String CREATE_MESSAGES = """
            CREATE TABLE IF NOT EXISTS messages (
                        id INTEGER PRIMARY KEY,
                        timestamp INTEGER,
                        date_iso TEXT,
                        message TEXT,
                        sender_id INTEGER,
                        sender_username TEXT,
                        sender_display_name TEXT,
                        reply_to_msg_id INTEGER,
                        reactions_count INTEGER DEFAULT 0,
                        reactions_detail TEXT,
                        views INTEGER,
                        forwards INTEGER,
                        permalink TEXT,
                        media_path TEXT,
                        is_service INTEGER DEFAULT 0
                    )""";

    static final List<String> CREATE_INDEXES = List.of(
            "CREATE INDEX IF NOT EXISTS idx_date ON messages(date_iso)",
            "CREATE INDEX IF NOT EXISTS idx_sender ON messages(sender_username)",
            "CREATE INDEX IF NOT EXISTS idx_reactions ON messages(reactions_count)");

    static final List<String> INDEX_NAMES = List.of("idx_date", "idx_sender", "idx_reactions");

    static final String CREATE_FTS = """
            CREATE VIRTUAL TABLE IF NOT EXISTS messages_fts USING fts5(
                        message,
                        sender_display_name,
                        content='messages',
                        content_rowid='id'
                    )""";

    static final String TRIGGER_INSERT = """
            CREATE TRIGGER IF NOT EXISTS messages_ai AFTER INSERT ON messages BEGIN
                        INSERT INTO messages_fts(rowid, message, sender_display_name)
                        VALUES (new.id, new.message, new.sender_display_name);
                    END""";

    static final String TRIGGER_DELETE = """
            CREATE TRIGGER IF NOT EXISTS messages_ad AFTER DELETE ON messages BEGIN
                        INSERT INTO messages_fts(messages_fts, rowid, message, sender_display_name)
                        VALUES('delete', old.id, old.message, old.sender_display_name);
                    END""";

    static final String TRIGGER_UPDATE = """
            CREATE TRIGGER IF NOT EXISTS messages_au AFTER UPDATE ON messages BEGIN
                        INSERT INTO messages_fts(messages_fts, rowid, message, sender_display_name)
                        VALUES('delete', old.id, old.message, old.sender_display_name);
                        INSERT INTO messages_fts(rowid, message, sender_display_name)
                        VALUES (new.id, new.message, new.sender_display_name);
                    END""";

    static final List<String> TRIGGERS = List.of(TRIGGER_INSERT, TRIGGER_DELETE, TRIGGER_UPDATE);
    static final List<String> TRIGGER_NAMES = List.of("messages_ai", "messages_ad", "messages_au");

    static final String CREATE_METADATA = """
            CREATE TABLE IF NOT EXISTS metadata (
                        key TEXT PRIMARY KEY,
                        value TEXT
                    )""";

    /** In the Python converter's order: table, indexes, FTS table, triggers, metadata. */
    static List<String> all() {
        var list = new java.util.ArrayList<String>();
        list.add(CREATE_MESSAGES);
        list.addAll(CREATE_INDEXES);
        list.add(CREATE_FTS);
        list.addAll(TRIGGERS);
        list.add(CREATE_METADATA);
        return list;
    }

    /**
     * Side tables of our own beside the Python schema (which stays as it is, row for row): messages Telegram no
     * longer has (recorded, never applied: an archive keeps what was said) and the texts messages had before an
     * edit. Times are unix seconds (UTC), like {@code messages.timestamp}. The Python converter ignores them.
     */
    static final String CREATE_DELETED = """
            CREATE TABLE IF NOT EXISTS deleted_messages (
                        id INTEGER PRIMARY KEY,
                        detected_at INTEGER NOT NULL
                    )""";

    static final String CREATE_EDITS = """
            CREATE TABLE IF NOT EXISTS message_edits (
                        id INTEGER NOT NULL,
                        edited_at INTEGER NOT NULL,
                        old_message TEXT
                    )""";

    static final String CREATE_EDITS_INDEX =
            "CREATE INDEX IF NOT EXISTS idx_message_edits ON message_edits(id, edited_at)";

    static final List<String> SIDE_TABLES = List.of(CREATE_DELETED, CREATE_EDITS, CREATE_EDITS_INDEX);

    /** The side tables' columns, as {@link SchemaCheck} expects them in an existing archive. */
    static final java.util.Map<String, List<String>> SIDE_COLUMNS = java.util.Map.of(
            "deleted_messages", List.of("id", "detected_at"),
            "message_edits", List.of("id", "edited_at", "old_message"));

    /** The schema as CREATE statements, for the bot's prompts (the analysts write SQL against it). */
    public static List<String> ddl() {
        var list = new java.util.ArrayList<>(all());
        list.addAll(SIDE_TABLES);
        return List.copyOf(list);
    }

    /** Metadata keys. The first three are the Python version's; the others are ours. */
    public static final String KEY_LAST_UPDATED = "last_updated";

    public static final String KEY_LAST_ID = "last_id";
    public static final String KEY_TOTAL = "total_messages";
    public static final String KEY_SCHEMA_VERSION = "schema_version";
    /** Set while a bulk load runs with the FTS triggers removed; the next open rebuilds the index. */
    public static final String KEY_FTS_REBUILD_PENDING = "fts_rebuild_pending";

    private ArchiveSchema() {}
}
