package dev.chatgeist.plugin.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An OpenSSH known_hosts file, read the way ssh(1) reads it: plain and hashed ({@code |1|salt|hash}) host
 * names, {@code [host]:port} for ports other than 22, wildcard and negated patterns, {@code @revoked} lines
 * ({@code @cert-authority} lines are ignored: we do not do host certificates). New keys are appended in plain form.
 */
public final class KnownHosts {
    /** One key line that applies to a host. */
    public record Entry(int lineNumber, boolean revoked, SshPublicKey key) {}

    /** What the file says about a key a server offered. */
    public enum Verdict {
        TRUSTED,
        UNKNOWN,
        CHANGED,
        REVOKED
    }

    /** The verdict and, for CHANGED, the entry that holds the other key. */
    public record Check(Verdict verdict, Optional<Entry> conflicting) {}

    private final Path file;
    private final List<Line> lines;

    private record Line(int number, boolean revoked, String hostPatterns, SshPublicKey key) {}

    private KnownHosts(Path file, List<Line> lines) {
        this.file = file;
        this.lines = lines;
    }

    /** Reads {@code file}; a missing file is an empty list (every host then is unknown). */
    public static KnownHosts load(Path file) throws IOException {
        List<Line> lines = new ArrayList<>();
        if (Files.exists(file)) {
            int number = 0;
            for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                number++;
                parse(number, raw).ifPresent(lines::add);
            }
        }
        return new KnownHosts(file, lines);
    }

    public Path file() {
        return file;
    }

    /** The name under which ssh(1) files a host: "host" on port 22, "[host]:port" otherwise. */
    public static String hostName(String host, int port) {
        String lower = host.toLowerCase(Locale.ROOT);
        return port == 22 ? lower : "[" + lower + "]:" + port;
    }

    /** Every non-revoked key recorded for the host. */
    public List<Entry> entriesFor(String host, int port) {
        String name = hostName(host, port);
        List<Entry> result = new ArrayList<>();
        for (Line line : lines) {
            if (matches(line.hostPatterns, name)) {
                result.add(new Entry(line.number, line.revoked, line.key));
            }
        }
        return result;
    }

    /** Key types known for the host, so that the SSH library can ask the server for one of them first. */
    public List<String> keyTypesFor(String host, int port) {
        return entriesFor(host, port).stream()
                .filter(e -> !e.revoked)
                .map(e -> e.key.type())
                .distinct()
                .toList();
    }

    public Check check(String host, int port, SshPublicKey offered) {
        List<Entry> entries = entriesFor(host, port);
        for (Entry e : entries) {
            if (e.revoked && e.key.sameKey(offered)) {
                return new Check(Verdict.REVOKED, Optional.of(e));
            }
        }
        for (Entry e : entries) {
            if (!e.revoked && e.key.sameKey(offered)) {
                return new Check(Verdict.TRUSTED, Optional.empty());
            }
        }
        // Any other key on file for this host means the host is known and now shows a different face. ssh(1)
        // would only prompt when the type differs; a deploy tool stops instead (the libraries are told to ask for
        // the known types first, so a type mismatch means the server no longer has the key we trusted).
        Optional<Entry> sameType = entries.stream()
                .filter(e -> !e.revoked && e.key.type().equals(offered.type()))
                .findFirst();
        Optional<Entry> any = entries.stream().filter(e -> !e.revoked).findFirst();
        if (sameType.isPresent()) {
            return new Check(Verdict.CHANGED, sameType);
        }
        if (any.isPresent()) {
            return new Check(Verdict.CHANGED, any);
        }
        return new Check(Verdict.UNKNOWN, Optional.empty());
    }

    /** Appends "name type base64" for the host (creating ~/.ssh 0700 and the file 0600 when missing). */
    public void append(String host, int port, SshPublicKey key) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.exists(parent)) {
            Files.createDirectories(
                    parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        String prefix = endsWithNewline(file) ? "" : "\n";
        String line = prefix + hostName(host, port) + " " + key.type() + " " + key.base64() + "\n";
        // One O_APPEND write: parallel deploys to other hosts cannot interleave inside the line.
        Files.write(file, line.getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        long size = Files.size(file);
        if (size == 0) {
            return true;
        }
        try (var channel = Files.newByteChannel(file)) {
            channel.position(size - 1);
            var one = java.nio.ByteBuffer.allocate(1);
            channel.read(one);
            return one.get(0) == '\n';
        }
    }

    private static Optional<Line> parse(int number, String raw) {
        String text = raw.strip();
        if (text.isEmpty() || text.startsWith("#")) {
            return Optional.empty();
        }
        String[] fields = text.split("\\s+");
        int i = 0;
        boolean revoked = false;
        if (fields[0].startsWith("@")) {
            if (fields[0].equals("@cert-authority")) {
                return Optional.empty();
            }
            revoked = fields[0].equals("@revoked");
            if (!revoked) {
                return Optional.empty(); // unknown marker: ignore the line, as ssh(1) does
            }
            i = 1;
        }
        if (fields.length < i + 3) {
            return Optional.empty();
        }
        try {
            SshPublicKey key = SshPublicKey.fromBase64(fields[i + 2]);
            if (!key.type().equals(fields[i + 1])) {
                return Optional.empty();
            }
            return Optional.of(new Line(number, revoked, fields[i], key));
        } catch (IllegalArgumentException badBase64) {
            return Optional.empty();
        }
    }

    static boolean matches(String patterns, String name) {
        if (patterns.startsWith("|1|")) {
            return hashedMatches(patterns, name);
        }
        boolean positive = false;
        for (String pattern : patterns.split(",")) {
            boolean negated = pattern.startsWith("!");
            String glob = (negated ? pattern.substring(1) : pattern).toLowerCase(Locale.ROOT);
            if (glob(glob, name)) {
                if (negated) {
                    return false;
                }
                positive = true;
            }
        }
        return positive;
    }

    private static boolean hashedMatches(String entry, String name) {
        String[] parts = entry.split("\\|"); // "", "1", salt, hash
        if (parts.length != 4) {
            return false;
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            return MessageDigest.isEqual(expected, mac.doFinal(name.getBytes(StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    /** ssh(1)'s match_pattern: '*' any run, '?' one character. */
    private static boolean glob(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
