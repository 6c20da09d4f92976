package dev.chatgeist.plugin.task;

import dev.chatgeist.plugin.transport.Transport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * A big binary file (the runtime jar) copied when its SHA-256 differs from the host's copy. The host's copy is
 * hashed in the state batch ({@code sha256sum}, or {@code shasum -a 256} on macOS); the upload is atomic, and with
 * {@code keepPrevious} the old file stays beside it as {@code <name>.prev} for rollback.
 */
public final class CopyTask implements Task {
    private final Path local;
    private final String remote;
    private final String mode;
    private final boolean keepPrevious;
    private final Supplier<String> knownHash;
    private String localHash;

    public CopyTask(Path local, String remote, String mode, boolean keepPrevious) {
        this(local, remote, mode, keepPrevious, null);
    }

    /**
     * @param knownHash the local file's SHA-256, e.g. computed in the background while connecting (null: hashed
     *                  when planning); may throw {@link java.io.UncheckedIOException}
     */
    public CopyTask(Path local, String remote, String mode, boolean keepPrevious, Supplier<String> knownHash) {
        this.local = local;
        this.remote = remote;
        this.mode = mode;
        this.keepPrevious = keepPrevious;
        this.knownHash = knownHash;
    }

    @Override
    public String name() {
        return "copy " + local.getFileName() + " -> " + remote;
    }

    private String probe() {
        String q = Shell.quote(remote);
        return "if [ -f " + q + " ]; then ls -ld " + q + " && { sha256sum " + q + " 2>/dev/null || shasum -a 256 " + q
                + "; }; else exit 3; fi";
    }

    @Override
    public List<String> probes() {
        return List.of(probe());
    }

    @Override
    public Plan plan(State state) throws TaskException {
        String hash = localHash();
        ProbeResult r = state.probe(probe());
        if (r.exitCode() == 3) {
            return Plan.change(
                    "created",
                    "binary file " + remote + ": (absent) -> sha256 " + hash + "\n",
                    t -> t.upload(local, remote, mode));
        }
        if (!r.ok()) {
            throw new TaskException("cannot read " + remote + " (exit " + r.exitCode() + "): "
                    + r.stderr().strip());
        }
        String[] lines = r.text().strip().split("\n");
        String currentMode = FileMode.fromLs(lines[0]);
        String currentHash = lines.length > 1 ? lines[1].trim().split("\\s+")[0] : "";
        if (currentHash.equals(hash)) {
            if (mode.equals(currentMode)) {
                return Plan.ok();
            }
            return Plan.change(
                    "mode " + currentMode + " -> " + mode,
                    null,
                    t -> check(t.exec("chmod " + mode + " " + Shell.quote(remote)), "chmod"));
        }
        return Plan.change(
                "sha256 " + abbrev(currentHash) + " -> " + abbrev(hash),
                "binary file " + remote + ": sha256 " + currentHash + " -> " + hash + "\n",
                this::replace);
    }

    private void replace(Transport t) throws IOException, TaskException {
        if (keepPrevious) {
            String q = Shell.quote(remote);
            check(t.exec("cp -p " + q + " " + Shell.quote(remote + ".prev")), "keep the previous copy of");
        }
        t.upload(local, remote, mode);
    }

    private void check(Transport.ExecResult r, String what) throws TaskException {
        if (!r.ok()) {
            throw new TaskException(
                    "cannot " + what + " " + remote + ": " + r.stderr().strip());
        }
    }

    private static String abbrev(String hash) {
        return Sha256.abbrev(hash);
    }

    private String localHash() throws TaskException {
        if (localHash == null) {
            try {
                localHash = knownHash != null ? knownHash.get() : Sha256.hex(local);
            } catch (IOException e) {
                throw new TaskException("cannot read " + local + ": " + e.getMessage(), e);
            } catch (java.io.UncheckedIOException e) {
                throw new TaskException(
                        "cannot read " + local + ": " + e.getCause().getMessage(), e);
            }
        }
        return localHash;
    }
}
