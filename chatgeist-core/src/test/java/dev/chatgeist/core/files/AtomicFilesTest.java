package dev.chatgeist.core.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file helpers, on real files in a temporary directory. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writeIfChangedWritesNewContentAndOnlyTightensTheModeOfTheSame() throws IOException {
        Path f = dir.resolve("credentials.json");
        assertThat(AtomicFiles.writeStringIfChanged(f, "{}\n", AtomicFiles.OWNER_ONLY))
                .isTrue();
        assertThat(Files.readString(f)).isEqualTo("{}\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        long written = Files.getLastModifiedTime(f).toMillis();

        assertThat(AtomicFiles.writeStringIfChanged(f, "{}\n", AtomicFiles.OWNER_ONLY))
                .isFalse();
        assertThat(Files.getPosixFilePermissions(f)).isEqualTo(AtomicFiles.OWNER_ONLY);
        assertThat(Files.getLastModifiedTime(f).toMillis()).isEqualTo(written);

        assertThat(AtomicFiles.writeStringIfChanged(f, "{\"a\":1}\n", AtomicFiles.OWNER_ONLY))
                .isTrue();
        assertThat(Files.readString(f)).isEqualTo("{\"a\":1}\n");
    }

    @Test
    void followLinksEndsAtTheRealFileAndStopsOnALoop() throws IOException {
        Path real = Files.createDirectories(dir.resolve("secrets")).resolve("chatgeist.env");
        Path hop = Files.createSymbolicLink(dir.resolve("hop.env"), Path.of("secrets", "chatgeist.env"));
        Path env = Files.createSymbolicLink(dir.resolve(".env"), Path.of("hop.env"));
        assertThat(AtomicFiles.followLinks(env)).isEqualTo(real.toAbsolutePath());
        assertThat(AtomicFiles.followLinks(hop)).isEqualTo(real.toAbsolutePath());
        assertThat(AtomicFiles.followLinks(real)).isEqualTo(real.toAbsolutePath()); // not a link: itself

        Path a = Files.createSymbolicLink(dir.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(dir.resolve("b"), Path.of("a"));
        assertThatThrownBy(() -> AtomicFiles.followLinks(a)).hasMessageContaining("too many levels of symbolic links");
    }

    @Test
    void accessibleByOthersLooksAtGroupAndOthers() throws IOException {
        Path f = Files.writeString(dir.resolve(".env"), "K=v\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        assertThat(AtomicFiles.accessibleByOthers(f)).isFalse();
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        assertThat(AtomicFiles.accessibleByOthers(f)).isTrue();
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw----r--"));
        assertThat(AtomicFiles.accessibleByOthers(f)).isTrue();
    }

    @Test
    void deleteQuietlyDeletesAndToleratesAMissingFile() throws IOException {
        Path f = Files.writeString(dir.resolve("marker"), "x");
        AtomicFiles.deleteQuietly(f);
        assertThat(f).doesNotExist();
        AtomicFiles.deleteQuietly(f);
        assertThat(f).doesNotExist();
    }

    @Test
    void describeNamesTheErrorAndTheFileWithoutAStackTrace() {
        assertThat(AtomicFiles.describe(new AccessDeniedException("/home/x/.env")))
                .isEqualTo("AccessDeniedException /home/x/.env");
        assertThat(AtomicFiles.describe(new AccessDeniedException("/home/x/.env", null, "Read-only file system")))
                .isEqualTo("AccessDeniedException: Read-only file system /home/x/.env");
        assertThat(AtomicFiles.describe(new IOException("disk full"))).isEqualTo("IOException: disk full");
    }
}
