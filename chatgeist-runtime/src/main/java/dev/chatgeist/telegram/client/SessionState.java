package dev.chatgeist.telegram.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a login leaves behind and later runs reuse: the home DC, one auth key (with salt and clock offset) per DC
 * talked to, the user, the DC addresses from help.getConfig, and the access hashes of chats seen (so a chat is
 * resolved once, not on every run).
 */
public final class SessionState {
    /** An auth key with one DC. */
    public static final class DcKey {
        public String host;
        public int port;
        public byte[] authKey;
        public long salt;
        public long timeOffset;
    }

    /** A chat or user the account can address: kind user|chat|channel, bare id, access hash (0 for basic groups). */
    public record Peer(String kind, long id, long accessHash, String username, String title) {
        public long markedId() {
            return switch (kind) {
                case "channel" -> -1_000_000_000_000L - id;
                case "chat" -> -id;
                default -> id;
            };
        }
    }

    public int homeDc;
    public long userId;
    public final Map<Integer, DcKey> dcs = new HashMap<>();
    public final List<DcAddress> dcOptions = new ArrayList<>();
    public final Map<Long, Peer> peers = new HashMap<>();
    /** Lower-case username to marked id. */
    public final Map<String, Long> usernames = new HashMap<>();

    private boolean dirty;

    public boolean loggedIn() {
        return userId != 0 && dcs.containsKey(homeDc);
    }

    public Optional<DcAddress> address(int dc) {
        DcKey k = dcs.get(dc);
        if (k != null && k.host != null) {
            return Optional.of(new DcAddress(dc, k.host, k.port));
        }
        return dcOptions.stream().filter(a -> a.id() == dc).findFirst();
    }

    public void remember(Peer peer) {
        Peer before = peers.put(peer.markedId(), peer);
        if (!peer.equals(before)) {
            dirty = true;
        }
        if (peer.username() != null) {
            Long old = usernames.put(peer.username().toLowerCase(java.util.Locale.ROOT), peer.markedId());
            if (old == null || old != peer.markedId()) {
                dirty = true;
            }
        }
    }

    public void forgetUsername(String username) {
        if (usernames.remove(username.toLowerCase(java.util.Locale.ROOT)) != null) {
            dirty = true;
        }
    }

    public void changed() {
        dirty = true;
    }

    /** True once since the last call if anything was changed. */
    public boolean takeDirty() {
        boolean d = dirty;
        dirty = false;
        return d;
    }
}
