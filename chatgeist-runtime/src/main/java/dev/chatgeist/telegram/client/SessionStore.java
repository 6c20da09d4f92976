package dev.chatgeist.telegram.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatgeist.core.UserException;
import dev.chatgeist.core.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The session file ({@code telegram.session} in the home directory): JSON, mode 0600, replaced atomically. It holds
 * the auth key, which is as good as a logged-in phone: never log or copy it.
 */
public final class SessionStore {
    public static final String FILE_NAME = "telegram.session";
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public SessionStore(Path file) {
        this.file = file;
    }

    public static SessionStore in(Path homeDir) {
        return new SessionStore(homeDir.resolve(FILE_NAME));
    }

    public Path file() {
        return file;
    }

    public boolean exists() {
        return Files.exists(file);
    }

    public Optional<SessionState> load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UserException("cannot read the Telegram session " + file + ": " + e.getMessage(), e);
        }
        try {
            JsonNode root = JSON.readTree(bytes);
            if (root == null || root.path("version").asInt() != VERSION) {
                throw new IOException("unknown format");
            }
            SessionState s = new SessionState();
            s.homeDc = root.path("home_dc").asInt();
            s.userId = root.path("user_id").asLong();
            for (Map.Entry<String, JsonNode> e : root.path("dcs").properties()) {
                SessionState.DcKey k = new SessionState.DcKey();
                k.host = e.getValue().path("host").asText(null);
                k.port = e.getValue().path("port").asInt();
                k.authKey =
                        Base64.getDecoder().decode(e.getValue().path("auth_key").asText());
                k.salt = e.getValue().path("salt").asLong();
                k.timeOffset = e.getValue().path("time_offset").asLong();
                if (k.authKey.length != 256) {
                    throw new IOException("bad auth key");
                }
                s.dcs.put(Integer.parseInt(e.getKey()), k);
            }
            for (JsonNode o : root.path("dc_options")) {
                s.dcOptions.add(new DcAddress(
                        o.path("id").asInt(),
                        o.path("host").asText(),
                        o.path("port").asInt()));
            }
            for (JsonNode p : root.path("peers")) {
                s.remember(new SessionState.Peer(
                        p.path("kind").asText(),
                        p.path("id").asLong(),
                        p.path("access_hash").asLong(),
                        p.hasNonNull("username") ? p.get("username").asText() : null,
                        p.hasNonNull("title") ? p.get("title").asText() : null));
            }
            s.takeDirty();
            return Optional.of(s);
        } catch (IOException | RuntimeException e) {
            throw new UserException(
                    "the Telegram session " + file + " is damaged; delete it and run `chatgeist login` " + "again", e);
        }
    }

    public void save(SessionState s) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        root.put("home_dc", s.homeDc);
        root.put("user_id", s.userId);
        ObjectNode dcs = root.putObject("dcs");
        s.dcs.forEach((id, k) -> {
            ObjectNode n = dcs.putObject(Integer.toString(id));
            n.put("host", k.host);
            n.put("port", k.port);
            n.put("auth_key", Base64.getEncoder().encodeToString(k.authKey));
            n.put("salt", k.salt);
            n.put("time_offset", k.timeOffset);
        });
        ArrayNode options = root.putArray("dc_options");
        for (DcAddress a : s.dcOptions) {
            options.addObject().put("id", a.id()).put("host", a.host()).put("port", a.port());
        }
        ArrayNode peers = root.putArray("peers");
        for (SessionState.Peer p : s.peers.values()) {
            ObjectNode n =
                    peers.addObject().put("kind", p.kind()).put("id", p.id()).put("access_hash", p.accessHash());
            if (p.username() != null) {
                n.put("username", p.username());
            }
            if (p.title() != null) {
                n.put("title", p.title());
            }
        }
        AtomicFiles.write(
                file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root), AtomicFiles.OWNER_ONLY, t -> {});
    }

    public boolean delete() throws IOException {
        return Files.deleteIfExists(file);
    }
}
