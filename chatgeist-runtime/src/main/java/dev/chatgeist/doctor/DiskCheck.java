package dev.chatgeist.doctor;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;

/** Free space where the archives grow: SQLite needs room for its journal, and a full disk stops every update. */
final class DiskCheck implements Check {
    static final long FAIL_BELOW = 500L * 1024 * 1024;
    static final long WARN_BELOW = 2L * 1024 * 1024 * 1024;

    @Override
    public List<Finding> run(Examination exam) {
        try {
            FileStore store = Files.getFileStore(exam.home().dir());
            long free = store.getUsableSpace();
            String found = String.format(
                    Locale.ROOT,
                    "%.1f GB free of %.1f GB on %s",
                    free / 1e9,
                    store.getTotalSpace() / 1e9,
                    exam.home().dir());
            if (free < FAIL_BELOW) {
                return List.of(Finding.fail("disk", found, "free some space: updates and imports stop on a full disk"));
            }
            if (free < WARN_BELOW) {
                return List.of(Finding.warn("disk", found, "free some space before the archives outgrow it"));
            }
            return List.of(Finding.ok("disk", found));
        } catch (IOException e) {
            return List.of(Finding.warn("disk", "cannot read the free space: " + e.getMessage(), "check with df -h"));
        }
    }
}
