package dev.chatgeist.plugin.transport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/** The whole transport contract (the one sshj and jsch pass against OpenSSH) on LocalTransport. */
class LocalTransportContractTest extends TransportContract {
    private Path base;

    @Override
    protected Transport openTransport() throws Exception {
        base = Files.createTempDirectory("chatgeist-local-contract");
        return new LocalTransport(
                Map.of("PATH", "/usr/bin:/bin", "HOME", base.toString()), base, Duration.ofMinutes(2));
    }

    @Override
    protected Path newScratchDirectory() throws Exception {
        return Files.createTempDirectory(base, "scratch");
    }

    @AfterAll
    void removeBase() throws Exception {
        try (var walk = Files.walk(base)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
