package dev.chatgeist.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.chatgeist.core.UserException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Optional;

/** Recognises an import file: a Python-version JSONL dump or a Telegram Desktop {@code result.json}. */
public final class SourceFormat {
    /** Streaming only: data binding would add a fifth of a second to every start (DesktopExportSource uses it). */
    private static final JsonFactory JSON = new JsonFactory();

    private static final int PEEK = 64 * 1024;

    private SourceFormat() {}

    /** Opens {@code path} (a file, or a folder holding messages.jsonl or result.json) as a source. */
    public static HistorySource open(Path path, ZoneId zone) {
        Path file = path;
        if (Files.isDirectory(path)) {
            if (Files.isRegularFile(path.resolve("result.json"))) {
                file = path.resolve("result.json");
            } else if (Files.isRegularFile(path.resolve("messages.jsonl"))) {
                file = path.resolve("messages.jsonl");
            } else {
                throw new UserException(
                        path + " is a folder without messages.jsonl or result.json; " + "give the file itself");
            }
        }
        if (!Files.isRegularFile(file)) {
            throw new UserException("no such file: " + path);
        }
        if (!Files.isReadable(file)) {
            throw new UserException("cannot read " + file + ": permission denied");
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(PEEK);
        } catch (IOException e) {
            throw new UserException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return isDesktopExport(head)
                ? new DesktopExportSource(file, zone)
                : isJsonl(head, file) ? new JsonlSource(file, zone) : unknown(file);
    }

    private static HistorySource unknown(Path file) {
        throw new UserException(file + ": unrecognised format, nothing imported. Expected a Python-version dump "
                + "(messages.jsonl: one JSON object per line, each with an \"id\") or a Telegram Desktop export "
                + "(result.json with \"messages\": Export chat history → Machine-readable JSON).");
    }

    /**
     * Lines of JSON objects, at least one with a top-level "id" (a message) among the complete lines read; an empty
     * file is an empty dump. Objects without any id (some other JSON file) are not a dump, so importing one creates
     * no empty archive. A file named *.jsonl whose lines all fail to parse is still read as a dump (and its lines
     * reported).
     */
    private static boolean isJsonl(byte[] head, Path file) {
        String text = new String(head, StandardCharsets.UTF_8).replace("\uFEFF", "");
        if (text.isBlank()) {
            return true;
        }
        String[] lines = text.split("\r\n|\r|\n");
        int complete = head.length < PEEK ? lines.length : lines.length - 1; // the peek may cut the last line
        boolean anyObject = false;
        for (int i = 0; i < complete; i++) {
            String t = lines[i].strip();
            if (t.isEmpty()) {
                continue;
            }
            Optional<Boolean> hasId = topLevelId(t);
            anyObject |= hasId.isPresent();
            if (hasId.orElse(false)) {
                return true;
            }
        }
        return !anyObject && file.getFileName().toString().endsWith(".jsonl");
    }

    /** Whether the line is a JSON object with a top-level "id"; empty when it is not a JSON object. */
    private static Optional<Boolean> topLevelId(String line) {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            boolean id = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                id |= p.currentName().equals("id");
                p.nextToken();
                p.skipChildren();
            }
            return Optional.of(id);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A JSON object whose first-level keys include "messages"; a full account export ("chats") is refused. */
    private static boolean isDesktopExport(byte[] head) {
        try (JsonParser p = JSON.createParser(head)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (name.equals("messages")) {
                    return true;
                }
                if (name.equals("chats")) {
                    throw new UserException("this is a full account export (it has \"chats\"). Export one chat "
                            + "instead: open the chat in Telegram Desktop, ⋮ → Export chat history, format JSON.");
                }
                p.nextToken();
                p.skipChildren();
            }
            return false;
        } catch (IOException e) {
            // the peek ends mid-document, or the first line is one complete message of a dump
            return false;
        }
    }
}
