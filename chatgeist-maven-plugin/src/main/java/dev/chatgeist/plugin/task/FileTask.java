package dev.chatgeist.plugin.task;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A file with exact content and mode, or no file at all. Reads the current file in the batch ({@code ls -ld} and
 * its bytes), writes only when content or mode differ (atomically, through the transport), and shows a unified
 * diff. A secret file's diff shows the keys that changed, never the values.
 */
public final class FileTask implements Task {
    private final String name;
    private final String path;
    private final byte[] content;
    private final String mode;
    private final boolean secret;
    private final boolean keepPrevious;
    private final boolean byHash;

    private FileTask(
            String name,
            String path,
            byte[] content,
            String mode,
            boolean secret,
            boolean keepPrevious,
            boolean byHash) {
        this.name = name;
        this.path = path;
        this.content = content;
        this.mode = mode;
        this.secret = secret;
        this.keepPrevious = keepPrevious;
        this.byHash = byHash;
    }

    /** The same file, but a changed one is first copied to {@code <path>.prev} (user data such as targets.json). */
    public FileTask keepingPrevious() {
        return new FileTask(name, path, content, mode, secret, true, byHash);
    }

    /**
     * The same file, compared by SHA-256 instead of reading the host's copy: the state batch carries a hash, not
     * the file. The diff then names the two hashes only, so use it when diff mode is off.
     */
    public FileTask comparedByHash() {
        if (secret || content == null) {
            throw new IllegalStateException("only a plain present file is compared by hash: " + path);
        }
        return new FileTask(name, path, content, mode, secret, keepPrevious, true);
    }

    public static FileTask present(String path, byte[] content, String mode) {
        return new FileTask("file " + path, path, content, mode, false, false, false);
    }

    public static FileTask present(String path, String content, String mode) {
        return present(path, content.getBytes(StandardCharsets.UTF_8), mode);
    }

    /** A file holding secrets (.env, credentials): the diff names changed keys only. */
    public static FileTask secret(String path, byte[] content, String mode) {
        return new FileTask("file " + path, path, content, mode, true, false, false);
    }

    public static FileTask absent(String path) {
        return new FileTask("absent " + path, path, null, null, false, false, false);
    }

    public String path() {
        return path;
    }

    @Override
    public String name() {
        return name;
    }

    private String probe() {
        String q = Shell.quote(path);
        String read = byHash ? "{ sha256sum " + q + " 2>/dev/null || shasum -a 256 " + q + "; }" : "cat " + q;
        return "if [ -f " + q + " ]; then ls -ld " + q + " && " + read + "; elif [ -e " + q
                + " ]; then echo notafile; exit 4; else exit 3; fi";
    }

    @Override
    public List<String> probes() {
        return List.of(probe());
    }

    /**
     * The host's current content of this file from the state batch (needs a task that reads content, not a hash),
     * or null when there is no such file: for tasks that derive the wanted content from what is there (.env).
     */
    public byte[] currentContent(State state) throws TaskException {
        if (byHash) {
            throw new IllegalStateException("a file compared by hash has no content in the state batch: " + path);
        }
        ProbeResult r = state.probe(probe());
        if (r.exitCode() == 3) {
            return null;
        }
        if (!r.ok()) {
            throw new TaskException(
                    r.exitCode() == 4
                            ? path + " exists but is not a regular file; move it away"
                            : "cannot read " + path + " (exit " + r.exitCode() + "): "
                                    + r.stderr().strip());
        }
        return body(r.stdout());
    }

    @Override
    public Plan plan(State state) throws TaskException {
        ProbeResult r = state.probe(probe());
        if (r.exitCode() == 4) {
            throw new TaskException(path + " exists but is not a regular file; move it away");
        }
        boolean exists = r.exitCode() == 0;
        if (!exists && r.exitCode() != 3) {
            throw new TaskException("cannot read " + path + " (exit " + r.exitCode() + "): "
                    + r.stderr().strip());
        }
        if (content == null) {
            if (!exists) {
                return Plan.ok("not present");
            }
            String before = new String(body(r.stdout()), StandardCharsets.UTF_8);
            return Plan.change("removed", diff(before, ""), t -> {
                var res = t.exec("rm -f " + Shell.quote(path));
                if (!res.ok()) {
                    throw new TaskException(
                            "cannot remove " + path + ": " + res.stderr().strip());
                }
            });
        }
        if (!exists) {
            return Plan.change(
                    "created",
                    diff("", new String(content, StandardCharsets.UTF_8)),
                    t -> t.write(content, path, mode));
        }
        byte[] current = body(r.stdout());
        String currentMode = FileMode.fromLs(firstLine(r.stdout()));
        if (byHash) {
            return planByHash(
                    new String(current, StandardCharsets.UTF_8).strip().split("\\s+")[0], currentMode);
        }
        boolean sameContent = Arrays.equals(current, content);
        if (sameContent && mode.equals(currentMode)) {
            return Plan.ok();
        }
        if (sameContent) {
            return Plan.change("mode " + currentMode + " -> " + mode, null, t -> {
                var res = t.exec("chmod " + mode + " " + Shell.quote(path));
                if (!res.ok()) {
                    throw new TaskException(
                            "cannot chmod " + path + ": " + res.stderr().strip());
                }
            });
        }
        return Plan.change(
                keepPrevious ? "content changed; previous kept as " + path + ".prev" : "content changed",
                diff(new String(current, StandardCharsets.UTF_8), new String(content, StandardCharsets.UTF_8)),
                t -> {
                    if (keepPrevious) {
                        var res = t.exec("cp -p " + Shell.quote(path) + " " + Shell.quote(path + ".prev"));
                        if (!res.ok()) {
                            throw new TaskException("cannot keep a copy of " + path + ": "
                                    + res.stderr().strip());
                        }
                    }
                    t.write(content, path, mode);
                });
    }

    private Plan planByHash(String currentHash, String currentMode) {
        String hash = Sha256.hex(content);
        if (hash.equals(currentHash)) {
            return mode.equals(currentMode)
                    ? Plan.ok()
                    : Plan.change("mode " + currentMode + " -> " + mode, null, t -> {
                        var res = t.exec("chmod " + mode + " " + Shell.quote(path));
                        if (!res.ok()) {
                            throw new TaskException(
                                    "cannot chmod " + path + ": " + res.stderr().strip());
                        }
                    });
        }
        String note = "sha256 " + Sha256.abbrev(currentHash) + " -> " + Sha256.abbrev(hash);
        return Plan.change(
                keepPrevious ? note + "; previous kept as " + path + ".prev" : note,
                path + ": sha256 " + currentHash + " -> " + hash + " (diff mode shows the lines)\n",
                t -> {
                    if (keepPrevious) {
                        var res = t.exec("cp -p " + Shell.quote(path) + " " + Shell.quote(path + ".prev"));
                        if (!res.ok()) {
                            throw new TaskException("cannot keep a copy of " + path + ": "
                                    + res.stderr().strip());
                        }
                    }
                    t.write(content, path, mode);
                });
    }

    private String diff(String before, String after) {
        if (secret) {
            return SecretDiff.keysOnly(path, before, after);
        }
        return UnifiedDiff.of(before, after, path + " (before)", path + " (after)");
    }

    private static String firstLine(byte[] out) {
        int nl = indexOf(out, (byte) '\n');
        return new String(out, 0, nl < 0 ? out.length : nl, StandardCharsets.UTF_8);
    }

    private static byte[] body(byte[] out) {
        int nl = indexOf(out, (byte) '\n');
        return nl < 0 ? new byte[0] : Arrays.copyOfRange(out, nl + 1, out.length);
    }

    private static int indexOf(byte[] b, byte v) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
