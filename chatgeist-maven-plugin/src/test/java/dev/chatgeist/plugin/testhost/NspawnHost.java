package dev.chatgeist.plugin.testhost;

import dev.chatgeist.plugin.transport.Passphrase;
import dev.chatgeist.plugin.transport.SshLibrary;
import dev.chatgeist.plugin.transport.SshPublicKey;
import dev.chatgeist.plugin.transport.SshTarget;
import dev.chatgeist.plugin.transport.Transport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Debian bookworm server booted with systemd-nspawn (systemd as PID 1, journald, dbus, cron, sudo, OpenSSH)
 * on a throw-away overlay of the cached rootfs, so every boot starts from the same clean state. It shares this
 * machine's network: its sshd listens on 127.0.0.1 and a free port. User {@code bot} has passwordless sudo, user
 * {@code carol} has none; both accept this boot's client key. The host JDK is bound read-only at its own path and
 * linked as /usr/local/bin/java, so the runtime jar can start inside.
 */
public final class NspawnHost implements AutoCloseable {
    private static final Path RUN_BASE = Path.of("/var/tmp");
    private static final String RUN_PREFIX = "chatgeist-testhost-";
    /** The container's java, as a server with a JDK package would have it on PATH. */
    public static final String JAVA = "/usr/local/bin/java";

    private final Path runDir;
    private final Path root;
    private final int port;
    private final Path javaHome;
    private final SshKeys.KeyPair clientKey;
    private final Path knownHosts;
    private final List<SshPublicKey> hostKeys;
    private final Duration rootfsTime;
    private Process nspawn;
    private Duration bootTime;

    private NspawnHost(
            Path runDir,
            int port,
            Path javaHome,
            SshKeys.KeyPair clientKey,
            List<SshPublicKey> hostKeys,
            Duration rootfsTime) {
        this.runDir = runDir;
        this.root = runDir.resolve("root");
        this.port = port;
        this.javaHome = javaHome;
        this.clientKey = clientKey;
        this.knownHosts = runDir.resolve("known_hosts");
        this.hostKeys = hostKeys;
        this.rootfsTime = rootfsTime;
    }

    /** Builds the rootfs if needed, boots a fresh container and waits until systemd reports "running". */
    public static NspawnHost boot() throws IOException, InterruptedException {
        Tools.requireRoot("the Debian test host (systemd-nspawn, overlay mount)");
        Tools.require("/usr/bin/systemd-nspawn");
        Tools.require("/usr/bin/ssh-keygen");
        cleanUpStaleRuns();
        TestRootfs.Rootfs rootfs = TestRootfs.ensure();
        Path runDir = Files.createTempDirectory(RUN_BASE, RUN_PREFIX);
        Files.writeString(
                runDir.resolve("owner.pid"),
                String.valueOf(ProcessHandle.current().pid()));
        NspawnHost host = null;
        try {
            Path javaHome = Path.of(System.getProperty("java.home")).toRealPath();
            SshKeys.KeyPair client = SshKeys.generate(
                    Files.createDirectories(runDir.resolve("client")), "id_ed25519", "ed25519", "", false);
            mountOverlay(rootfs.path(), runDir);
            int port = OpenSshServer.freePort();
            List<SshPublicKey> hostKeys = configure(runDir.resolve("root"), port, client, javaHome);
            host = new NspawnHost(runDir, port, javaHome, client, hostKeys, rootfs.buildTime());
            host.writeKnownHosts();
            host.start();
            return host;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            if (host != null) {
                host.close();
            } else {
                removeRun(runDir, null);
            }
            throw e;
        }
    }

    // ---- what tests use ----

    /** Connection details for {@code user} (bot or carol): this boot's key, a known_hosts with the host's keys. */
    public SshTarget target(String user) {
        return new SshTarget(
                "127.0.0.1", port, user, clientKey.privateKey(), Passphrase.none(), knownHosts, false, true, null);
    }

    /** A connection as {@code bot} (become allowed) through the given library. */
    public Transport connect(SshLibrary library) throws IOException {
        return library.connect(target("bot"), event -> {});
    }

    /** The container's filesystem as seen from this machine (the overlay's merged view). */
    public Path root() {
        return root;
    }

    /** A path inside the container, seen from this machine: {@code path("/etc/hosts")}. */
    public Path path(String containerPath) {
        return root.resolve(containerPath.replaceFirst("^/+", ""));
    }

    public int sshPort() {
        return port;
    }

    public Path knownHosts() {
        return knownHosts;
    }

    public Path clientKey() {
        return clientKey.privateKey();
    }

    public List<SshPublicKey> hostKeys() {
        return hostKeys;
    }

    /** The JDK bound into the container at this same path. */
    public Path javaHome() {
        return javaHome;
    }

    /** From starting systemd-nspawn to "systemctl is-system-running" answering "running". */
    public Duration bootTime() {
        return bootTime;
    }

    /** How long making sure the rootfs exists took (minutes when it had to be built, milliseconds when cached). */
    public Duration rootfsTime() {
        return rootfsTime;
    }

    /**
     * Every file, directory and link under the given container directories with its mode, owner and content hash,
     * keyed by container path: two equal fingerprints mean the host was left byte-identical (check mode).
     */
    public java.util.SortedMap<String, String> fingerprint(String... containerDirs) throws IOException {
        java.util.SortedMap<String, String> result = new java.util.TreeMap<>();
        for (String dir : containerDirs) {
            Path start = path(dir);
            if (!Files.exists(start, LinkOption.NOFOLLOW_LINKS)) {
                result.put(dir, "absent");
                continue;
            }
            try (Stream<Path> files = Files.walk(start)) {
                for (Path p : files.toList()) {
                    String key = "/" + root.relativize(p);
                    var attrs = Files.readAttributes(p, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
                    String what = Files.isSymbolicLink(p)
                            ? "link:" + Files.readSymbolicLink(p)
                            : Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? "file:" + sha256(p) : "dir";
                    result.put(
                            key,
                            Integer.toOctalString((Integer) attrs.get("mode")) + " " + attrs.get("uid") + ":"
                                    + attrs.get("gid") + " " + what);
                }
            }
        }
        return result;
    }

    /**
     * Kills (SIGKILL, from outside the container) the sshd processes serving {@code user}'s connections, as a
     * dropped network would end them; the commands they started are left alone. Returns how many were killed.
     */
    public int killSshSessionsOf(String user) {
        List<ProcessHandle> sessions = nspawn.descendants()
                .filter(p -> {
                    String title = cmdline(p.pid());
                    return title.startsWith("sshd: " + user + " ") || title.startsWith("sshd: " + user + "@");
                })
                .toList();
        sessions.forEach(ProcessHandle::destroyForcibly);
        return sessions.size();
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ')
                    .strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(file)) {
                byte[] buffer = new byte[65536];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The container's console (boot messages), for failure reports. */
    public String consoleLog() throws IOException {
        return Files.readString(runDir.resolve("console.log"), StandardCharsets.UTF_8);
    }

    /** Powers the container off (SIGTERM to systemd-nspawn makes systemd shut down cleanly) and removes the run. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (nspawn != null && nspawn.isAlive()) {
            nspawn.destroy();
            if (!nspawn.waitFor(30, TimeUnit.SECONDS)) {
                nspawn.descendants().forEach(ProcessHandle::destroyForcibly);
                nspawn.destroyForcibly();
                nspawn.waitFor(10, TimeUnit.SECONDS);
            }
        }
        removeRun(runDir, nspawn == null ? null : nspawn.toHandle());
    }

    // ---- boot ----

    private void start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "/usr/bin/systemd-nspawn",
                "-D",
                root.toString(),
                "--boot",
                "--register=no",
                "--keep-unit",
                "--link-journal=no",
                "--machine=" + runDir.getFileName()));
        for (Path bind : javaBinds(javaHome)) {
            command.add("--bind-ro=" + bind);
        }
        Instant started = Instant.now();
        nspawn = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(runDir.resolve("console.log").toFile())
                .start();
        Files.writeString(runDir.resolve("nspawn.pid"), String.valueOf(nspawn.pid()));
        Instant deadline = started.plus(Duration.ofSeconds(90));
        while (!Tools.sshAnswers(port)) {
            if (!nspawn.isAlive()) {
                throw new IOException("the test host stopped while booting:\n" + tail(consoleLog()));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IOException(
                        "the test host's sshd did not answer on port " + port + " within 90 s:\n" + tail(consoleLog()));
            }
            Thread.sleep(20);
        }
        try (Transport bot = connect(SshLibrary.SSHJ)) {
            String state = bot.exec("timeout 90 systemctl is-system-running --wait")
                    .stdout()
                    .strip();
            if (!state.equals("running")) {
                String failed =
                        bot.exec("systemctl --failed --no-legend --plain").stdout();
                throw new IOException("the test host booted " + state + "; failed units:\n" + failed);
            }
        }
        bootTime = Duration.between(started, Instant.now());
    }

    private static void mountOverlay(Path rootfs, Path runDir) throws IOException {
        Path upper = Files.createDirectories(runDir.resolve("upper"));
        Path work = Files.createDirectories(runDir.resolve("work"));
        Path root = Files.createDirectories(runDir.resolve("root"));
        Tools.run(List.of(
                "mount",
                "-t",
                "overlay",
                "overlay",
                "-o",
                "lowerdir=" + rootfs + ",upperdir=" + upper + ",workdir=" + work,
                root.toString()));
    }

    /** Per-boot settings written into the overlay before boot; the cached rootfs is never touched. */
    private static List<SshPublicKey> configure(Path root, int port, SshKeys.KeyPair client, Path javaHome)
            throws IOException {
        Path ssh = root.resolve("etc/ssh");
        List<SshPublicKey> hostKeys = new ArrayList<>();
        for (String type : List.of("ed25519", "ecdsa")) {
            hostKeys.add(SshKeys.generate(ssh, "ssh_host_" + type + "_key", type, "", false)
                    .publicKey());
        }
        Files.writeString(
                ssh.resolve("sshd_config.d/chatgeist-test.conf"),
                "# written by the chatgeist test host for this boot\n"
                        + "Port " + port + "\n"
                        + "ListenAddress 127.0.0.1\n"
                        + "HostKey /etc/ssh/ssh_host_ed25519_key\n"
                        + "HostKey /etc/ssh/ssh_host_ecdsa_key\n"
                        + "PasswordAuthentication no\n"
                        + "KbdInteractiveAuthentication no\n");
        String hostname = Files.readString(root.resolve("etc/hostname")).strip();
        Files.writeString(
                root.resolve("etc/hosts"),
                "127.0.0.1\tlocalhost\n127.0.1.1\t" + hostname + "\n" + "::1\tlocalhost ip6-localhost ip6-loopback\n");
        for (String user : List.of("bot", "carol")) {
            authorize(root, user, client);
        }
        Path java = root.resolve(JAVA.substring(1));
        Files.createDirectories(java.getParent());
        Files.deleteIfExists(java);
        Files.createSymbolicLink(java, javaHome.resolve("bin/java"));
        return hostKeys;
    }

    private static void authorize(Path root, String user, SshKeys.KeyPair client) throws IOException {
        int[] ids = userIds(root, user);
        Path sshDir = root.resolve("home").resolve(user).resolve(".ssh");
        Files.createDirectories(sshDir);
        Path keys = sshDir.resolve("authorized_keys");
        Files.writeString(keys, client.authorizedKeysLine() + "\n");
        Files.setPosixFilePermissions(sshDir, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-------"));
        for (Path p : List.of(sshDir, keys)) {
            Files.setAttribute(p, "unix:uid", ids[0], LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(p, "unix:gid", ids[1], LinkOption.NOFOLLOW_LINKS);
        }
    }

    /** uid and gid of {@code user} in the container's /etc/passwd. */
    public static int[] userIds(Path root, String user) throws IOException {
        for (String line : Files.readAllLines(root.resolve("etc/passwd"))) {
            String[] f = line.split(":");
            if (f[0].equals(user)) {
                return new int[] {Integer.parseInt(f[2]), Integer.parseInt(f[3])};
            }
        }
        throw new IOException("no user " + user + " in the test rootfs; rebuild it (build-rootfs.sh)");
    }

    private void writeKnownHosts() throws IOException {
        StringBuilder text = new StringBuilder();
        for (SshPublicKey key : hostKeys) {
            text.append("[127.0.0.1]:")
                    .append(port)
                    .append(' ')
                    .append(key.type())
                    .append(' ')
                    .append(key.base64())
                    .append('\n');
        }
        Files.writeString(knownHosts, text.toString());
    }

    /**
     * The JDK directory plus the directories its symlinks lead to (Debian's JDK keeps conf/ and cacerts under
     * /etc), so that java runs inside exactly as it does here.
     */
    static List<Path> javaBinds(Path javaHome) throws IOException {
        Set<Path> binds = new LinkedHashSet<>();
        binds.add(javaHome);
        try (Stream<Path> files = Files.walk(javaHome, 4)) {
            for (Path link : files.filter(Files::isSymbolicLink).toList()) {
                Path target;
                try {
                    target = link.toRealPath();
                } catch (IOException dangling) {
                    continue;
                }
                if (target.startsWith(javaHome)
                        || target.startsWith("/usr/share/doc")
                        || target.startsWith("/usr/share/man")) {
                    continue;
                }
                binds.add(Files.isDirectory(target) ? target : target.getParent());
            }
        }
        List<Path> result = new ArrayList<>();
        for (Path p : binds) {
            if (binds.stream().noneMatch(other -> !other.equals(p) && p.startsWith(other))) {
                result.add(p);
            }
        }
        return result;
    }

    // ---- clean-up ----

    /** Runs left by a test JVM that died without closing its host (killed build, crash). */
    private static void cleanUpStaleRuns() throws IOException, InterruptedException {
        List<Path> runs;
        try (Stream<Path> dirs = Files.list(RUN_BASE)) {
            runs = dirs.filter(p -> p.getFileName().toString().startsWith(RUN_PREFIX))
                    .toList();
        }
        for (Path run : runs) {
            Optional<ProcessHandle> owner = pidIn(run.resolve("owner.pid"));
            if (owner.isPresent() && owner.get().isAlive()) {
                continue; // another test JVM's host, maybe running in parallel
            }
            Optional<ProcessHandle> nspawn = pidIn(run.resolve("nspawn.pid"))
                    .filter(p -> p.info()
                            .command()
                            .map(c -> c.endsWith("systemd-nspawn"))
                            .orElse(false));
            nspawn.ifPresent(p -> {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            });
            removeRun(run, nspawn.orElse(null));
        }
    }

    private static Optional<ProcessHandle> pidIn(Path file) {
        try {
            return ProcessHandle.of(Long.parseLong(Files.readString(file).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Unmounts the overlay and deletes the run directory, never crossing into another filesystem. */
    private static void removeRun(Path runDir, ProcessHandle nspawn) throws IOException, InterruptedException {
        if (nspawn != null) {
            try {
                nspawn.onExit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IOException(
                        "systemd-nspawn " + nspawn.pid() + " did not stop; " + runDir + " left behind", e);
            }
        }
        Path root = runDir.resolve("root");
        for (int attempt = 0; attempt < 20 && mounted(root); attempt++) {
            new ProcessBuilder("umount", root.toString()).inheritIO().start().waitFor();
            if (mounted(root)) {
                Thread.sleep(100);
            }
        }
        if (mounted(root)) {
            new ProcessBuilder("umount", "-l", root.toString())
                    .inheritIO()
                    .start()
                    .waitFor();
        }
        if (!mountsUnder(runDir).isEmpty()) {
            throw new IOException("not deleting " + runDir + ": still mounted " + mountsUnder(runDir));
        }
        new ProcessBuilder("rm", "-rf", "--one-file-system", runDir.toString())
                .inheritIO()
                .start()
                .waitFor();
    }

    private static boolean mounted(Path path) throws IOException {
        return mountsUnder(path).contains(path.toString());
    }

    private static List<String> mountsUnder(Path dir) throws IOException {
        List<String> result = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String mountPoint = line.split(" ")[4].replace("\\040", " ");
            if (mountPoint.equals(dir.toString()) || mountPoint.startsWith(dir + "/")) {
                result.add(mountPoint);
            }
        }
        return result;
    }

    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
