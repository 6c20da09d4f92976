package dev.chatgeist.plugin.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The one host-key policy both SSH libraries are plugged into, so that they accept and refuse the same keys with
 * the same words: a key on file passes; an unknown host stops with its fingerprint and the flag that accepts it
 * (which records the key); a changed or revoked key always stops.
 */
final class HostKeyGuard {
    static final String ACCEPT_FLAG = "-Dchatgeist.acceptNewHostKey";

    private final SshTarget target;
    private final KnownHosts knownHosts;
    private final Consumer<String> events;
    private HostKeyRejectedException rejection;
    /** The key recorded by this connection: a later re-key must not record it again. */
    private SshPublicKey recorded;

    HostKeyGuard(SshTarget target, Consumer<String> events) throws IOException {
        this.target = target;
        this.knownHosts = KnownHosts.load(target.knownHosts());
        this.events = events;
    }

    /**
     * Host key algorithms matching the keys on file for the host, for the libraries to ask for first: a server
     * with several host keys then shows the one we can check. An RSA key is asked for with SHA-2 signatures
     * (OpenSSH no longer offers "ssh-rsa" SHA-1 host keys).
     */
    List<String> knownHostKeyAlgorithms() {
        List<String> algorithms = new java.util.ArrayList<>();
        for (String type : knownHosts.keyTypesFor(target.host(), target.port())) {
            if (type.equals("ssh-rsa")) {
                algorithms.addAll(List.of("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"));
            } else {
                algorithms.add(type);
            }
        }
        return algorithms;
    }

    /** True when the connection may go on; otherwise {@link #rejection()} says why. */
    boolean verify(SshPublicKey offered) {
        if (recorded != null && recorded.sameKey(offered)) {
            return true;
        }
        KnownHosts.Check check = knownHosts.check(target.host(), target.port(), offered);
        switch (check.verdict()) {
            case TRUSTED:
                return true;
            case UNKNOWN:
                if (target.acceptNewHostKey()) {
                    record(offered);
                    recorded = offered;
                    return true;
                }
                rejection = new HostKeyRejectedException(
                        HostKeyRejectedException.Reason.UNKNOWN, offered, unknownMessage(offered));
                return false;
            case REVOKED:
                rejection = new HostKeyRejectedException(
                        HostKeyRejectedException.Reason.REVOKED,
                        offered,
                        "host key of " + where() + " is REVOKED: it offers " + offered + ", which "
                                + knownHosts.file() + " line "
                                + check.conflicting().orElseThrow().lineNumber()
                                + " marks @revoked. Deploy stopped.");
                return false;
            default:
                rejection = new HostKeyRejectedException(
                        HostKeyRejectedException.Reason.CHANGED,
                        offered,
                        changedMessage(offered, check.conflicting().orElseThrow()));
                return false;
        }
    }

    Optional<HostKeyRejectedException> rejection() {
        return Optional.ofNullable(rejection);
    }

    private void record(SshPublicKey offered) {
        try {
            knownHosts.append(target.host(), target.port(), offered);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the host key of " + where() + " in " + knownHosts.file(), e);
        }
        events.accept("event=host-key-recorded host=" + where() + " key=" + offered.displayType() + " fingerprint="
                + offered.fingerprint() + " file=" + knownHosts.file());
    }

    private String unknownMessage(SshPublicKey offered) {
        return "unknown host key: " + where() + " offers " + offered.displayType() + " key " + offered.fingerprint()
                + ", which is not in " + knownHosts.file() + ". Compare it with the server's own fingerprint (on the"
                + " server: ssh-keygen -lf " + serverKeyFile(offered) + "); if they match, run again with "
                + ACCEPT_FLAG + " to record it.";
    }

    private String changedMessage(SshPublicKey offered, KnownHosts.Entry onFile) {
        return "HOST KEY CHANGED for " + where() + ": it now offers " + offered.displayType() + " key "
                + offered.fingerprint() + ", but " + knownHosts.file() + " line " + onFile.lineNumber() + " holds "
                + onFile.key().displayType() + " key " + onFile.key().fingerprint() + " for it. Someone may be"
                + " intercepting the connection, or the server was reinstalled. Deploy stopped; " + ACCEPT_FLAG
                + " never replaces a known key. If the change is expected, remove the old key with: ssh-keygen -R '"
                + KnownHosts.hostName(target.host(), target.port()) + "' -f " + knownHosts.file()
                + " and run again with " + ACCEPT_FLAG + ".";
    }

    private String where() {
        return target.host() + ":" + target.port();
    }

    private static String serverKeyFile(SshPublicKey key) {
        String name = switch (key.displayType()) {
            case "ED25519" -> "ed25519";
            case "RSA" -> "rsa";
            case "ECDSA" -> "ecdsa";
            default -> "*";
        };
        return "/etc/ssh/ssh_host_" + name + "_key.pub";
    }
}
