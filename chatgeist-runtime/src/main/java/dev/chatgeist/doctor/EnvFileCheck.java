package dev.chatgeist.doctor;

import dev.chatgeist.core.env.DotEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** {@code .env} is there, parses, and only its owner can read it (it holds the API hash, tokens and keys). */
final class EnvFileCheck implements Check {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    @Override
    public List<Finding> run(Examination exam) {
        Path env = exam.home().envFile();
        if (!Files.exists(env)) {
            return List.of(Finding.warn(
                    ".env",
                    "none in " + exam.home().dir(),
                    "create it with TELEGRAM_API_ID and "
                            + "TELEGRAM_API_HASH (README, \"Setting up for real\"), then chmod 600 " + env));
        }
        try {
            DotEnv.read(env);
        } catch (IOException | RuntimeException e) {
            return List.of(Finding.fail(
                    ".env", "cannot be read: " + e.getMessage(), "fix the file " + env + " (KEY=value lines)"));
        }
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(env);
        } catch (UnsupportedOperationException | IOException e) {
            return List.of(Finding.ok(".env", "present (file mode not available here)"));
        }
        String text = octal(mode);
        if (mode.stream().anyMatch(OTHERS::contains)) {
            return List.of(Finding.fail(
                    ".env", "mode " + text + ": other users can read the secrets in it", "chmod 600 " + env));
        }
        return List.of(Finding.ok(".env", "present, mode " + text));
    }

    static String octal(Set<PosixFilePermission> mode) {
        String rwx = PosixFilePermissions.toString(mode);
        int value = 0;
        for (int i = 0; i < 9; i++) {
            value = value * 2 + (rwx.charAt(i) == '-' ? 0 : 1);
        }
        return String.format("0%03o", value);
    }
}
