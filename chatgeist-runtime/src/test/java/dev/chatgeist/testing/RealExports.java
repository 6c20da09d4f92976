package dev.chatgeist.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** The real chat exports the tests import: the Telegram Desktop export ({@code /desktop/result.json}). */
public final class RealExports {
    private RealExports() {}

    /** Copies the Desktop export to {@code dir/result.json}; returns the file. */
    public static Path desktop(Path dir) throws IOException {
        Path f = dir.resolve("result.json");
        Files.createDirectories(dir);
        try (InputStream in = Objects.requireNonNull(RealExports.class.getResourceAsStream("/desktop/result.json"))) {
            Files.copy(in, f);
        }
        return f;
    }

    /** Imports {@code file} into {@code alias} of {@code home} with the real CLI; returns the archive. */
    public static Path imported(Path home, String alias, Path file) throws IOException {
        Files.createDirectories(home); // a home must exist (a missing --home is refused)
        TestCli.Run run = new TestCli(home).run("import", "--chat", alias, file.toString());
        assertThat(run.exitCode()).as(run.all()).isZero();
        return home.resolve("databases/" + alias + ".db");
    }
}
