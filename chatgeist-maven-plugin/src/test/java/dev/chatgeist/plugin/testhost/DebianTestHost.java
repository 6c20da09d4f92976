package dev.chatgeist.plugin.testhost;

import dev.chatgeist.plugin.transport.SshLibrary;
import dev.chatgeist.plugin.transport.SshPublicKey;
import dev.chatgeist.plugin.transport.SshTarget;
import dev.chatgeist.plugin.transport.Transport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: a real Debian server (see {@link NspawnHost}) for the tests of one class, or of one method.
 *
 * <pre>
 * {@literal @}RegisterExtension
 * static final DebianTestHost HOST = new DebianTestHost();     // one boot for the class (~1-3 s)
 *
 * try (Transport bot = HOST.connect(SshLibrary.SSHJ)) { ... }   // bot, passwordless sudo via bot.become()
 * Files.readString(HOST.path("/etc/systemd/system/x.service"))  // the container's files, seen from here
 * </pre>
 *
 * Registered on an instance field instead, it boots a fresh host for every test method.
 */
public final class DebianTestHost
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private NspawnHost host;
    private boolean perClass;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        perClass = true;
        host = bootAndReport();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        shutDown();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (!perClass) {
            host = bootAndReport();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (!perClass) {
            shutDown();
        }
    }

    private static NspawnHost bootAndReport() throws IOException, InterruptedException {
        NspawnHost booted = NspawnHost.boot();
        System.out.println("event=testhost-booted port=" + booted.sshPort() + " boot_ms="
                + booted.bootTime().toMillis() + " rootfs_ms="
                + booted.rootfsTime().toMillis());
        return booted;
    }

    private void shutDown() throws IOException, InterruptedException {
        if (host != null) {
            NspawnHost h = host;
            host = null;
            h.close();
        }
    }

    private NspawnHost host() {
        if (host == null) {
            throw new IllegalStateException("the Debian test host is not running (register the extension with"
                    + " @RegisterExtension on a static field, and use it inside tests)");
        }
        return host;
    }

    /** Connection details for bot (passwordless sudo) or carol (no sudo); become is allowed on both. */
    public SshTarget target(String user) {
        return host().target(user);
    }

    public Transport connect(SshLibrary library) throws IOException {
        return host().connect(library);
    }

    public Path path(String containerPath) {
        return host().path(containerPath);
    }

    public Path root() {
        return host().root();
    }

    public int sshPort() {
        return host().sshPort();
    }

    public Path knownHosts() {
        return host().knownHosts();
    }

    public Path clientKey() {
        return host().clientKey();
    }

    public List<SshPublicKey> hostKeys() {
        return host().hostKeys();
    }

    public Path javaHome() {
        return host().javaHome();
    }

    public Duration bootTime() {
        return host().bootTime();
    }

    /** Mode, owner and content hash of everything under the given container directories (check-mode proofs). */
    public java.util.SortedMap<String, String> fingerprint(String... containerDirs) throws IOException {
        return host().fingerprint(containerDirs);
    }

    /** Kills the sshd processes serving {@code user}'s connections (a dropped connection, seen from the client). */
    public int killSshSessionsOf(String user) {
        return host().killSshSessionsOf(user);
    }

    public int[] userIds(String user) throws IOException {
        return NspawnHost.userIds(host().root(), user);
    }
}
