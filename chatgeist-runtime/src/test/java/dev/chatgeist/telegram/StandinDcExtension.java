package dev.chatgeist.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One stand-in DC for a test class: started before its tests; after them, every object the client sent (requests,
 * wrappers, handshake data) must have re-serialized with GramJS to the same bytes, then it is stopped.
 */
public final class StandinDcExtension implements BeforeAllCallback, AfterAllCallback {
    private final int bigChatMessages;
    private final int minChecked;
    private Path dir;
    private StandinDc dc;

    /** @param minChecked fewest client objects the conformance check must have seen */
    public StandinDcExtension(int bigChatMessages, int minChecked) {
        this.bigChatMessages = bigChatMessages;
        this.minChecked = minChecked;
    }

    public StandinDc dc() {
        return dc;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("standin");
        dc = new StandinDc(dir, bigChatMessages);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            JsonNode c = dc.command("conformance");
            assertThat(c.path("checked").asInt()).isGreaterThanOrEqualTo(minChecked);
            assertThat(c.path("mismatches"))
                    .as("requests whose bytes differ from GramJS's")
                    .isEmpty();
        } finally {
            dc.close();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
