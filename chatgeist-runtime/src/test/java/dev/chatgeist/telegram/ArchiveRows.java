package dev.chatgeist.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads the messages table of an archive, and the stand-in's expected rows, as JSON objects in id order. */
public final class ArchiveRows {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ArchiveRows() {}

    public static List<String> archive(Path db) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, timestamp, date_iso, message, sender_id, sender_username, "
                        + "sender_display_name, reply_to_msg_id, reactions_count, reactions_detail, views, forwards, "
                        + "permalink, media_path, is_service FROM messages ORDER BY id")) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                ObjectNode o = JSON.createObjectNode();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    String name = md.getColumnName(i);
                    if (v == null) {
                        o.putNull(name);
                    } else if (v instanceof Number n) {
                        o.put(name, n.longValue());
                    } else {
                        o.put(name, v.toString());
                    }
                }
                rows.add(o.toString());
            }
        }
        return rows;
    }

    /** The rows the stand-in {@code dc} serves for {@code chat} (its expected file written into {@code dir}). */
    public static List<String> served(StandinDc dc, String chat, Path dir) throws IOException {
        Path file = dir.resolve(chat + "-expected.jsonl");
        dc.command("expected", "chat", chat, "file", file.toString());
        return expected(file);
    }

    public static List<String> expected(Path jsonl) throws IOException {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = JSON.readTree(line);
            ObjectNode o = JSON.createObjectNode();
            n.properties().forEach(e -> {
                if (e.getValue().isNumber()) {
                    o.put(e.getKey(), e.getValue().asLong());
                } else {
                    o.set(e.getKey(), e.getValue());
                }
            });
            rows.add(o.toString());
        }
        return rows;
    }
}
