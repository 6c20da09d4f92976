package dev.chatgeist.plugin.task;

import java.nio.charset.StandardCharsets;

/** What one state probe printed and how it exited. {@code stdout} is kept as bytes (crontabs, files). */
public record ProbeResult(int exitCode, byte[] stdout, String stderr) {
    public boolean ok() {
        return exitCode == 0;
    }

    public String text() {
        return new String(stdout, StandardCharsets.UTF_8);
    }
}
