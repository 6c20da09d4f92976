package dev.chatgeist.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * A folder holding the {@code docker} stand-in script (see src/test/resources/standins/docker: it stands for the
 * Docker CLI, which cannot run here) to put first on PATH, with helpers to set its mode and read what it was
 * called with.
 */
public final class DockerStandIn {
    private final Path bin;

    public DockerStandIn(Path dir) throws IOException {
        this.bin = Files.createDirectories(dir);
        Path script = bin.resolve("docker");
        try (InputStream in = DockerStandIn.class.getResourceAsStream("/standins/docker")) {
            Files.write(script, in.readAllBytes());
        }
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    public Path bin() {
        return bin;
    }

    /** PATH with the stand-in first. */
    public String path() {
        return bin + java.io.File.pathSeparator + System.getenv("PATH");
    }

    public void mode(String mode) throws IOException {
        Files.writeString(bin.resolve("mode"), mode);
    }

    public void answer(String answer) throws IOException {
        Files.writeString(bin.resolve("answer"), answer);
    }

    public void slow(boolean slow) throws IOException {
        if (slow) {
            Files.writeString(bin.resolve("slow"), "1");
        } else {
            Files.deleteIfExists(bin.resolve("slow"));
        }
    }

    /** Every call's argv, in order. */
    public List<List<String>> calls() throws IOException {
        Path calls = bin.resolve("calls");
        if (!Files.isDirectory(calls)) {
            return List.of();
        }
        List<List<String>> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(calls)) {
            for (Path p : s.sorted().toList()) {
                String raw = Files.readString(p, StandardCharsets.UTF_8);
                out.add(Arrays.asList(raw.split("\0")));
            }
        }
        return out;
    }

    public String killed() throws IOException {
        Path k = bin.resolve("killed");
        return Files.exists(k) ? Files.readString(k) : "";
    }

    public long claudePid() throws IOException {
        return Long.parseLong(Files.readString(bin.resolve("claude.pid")).strip());
    }
}
