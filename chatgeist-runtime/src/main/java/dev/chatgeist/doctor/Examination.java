package dev.chatgeist.doctor;

import dev.chatgeist.config.Home;
import dev.chatgeist.config.Settings;
import dev.chatgeist.core.process.ProgramRunner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * What the checks look at: the home, its settings (.env under the environment), the environment itself (PATH,
 * HOME), the operating system's name, the clock and how long a network check may wait.
 *
 * @param systemUnitsDir where system-wide systemd units live ({@code /etc/systemd/system})
 */
public record Examination(
        Home home,
        Settings settings,
        Map<String, String> environment,
        String osName,
        Clock clock,
        Duration networkTimeout,
        Path systemUnitsDir) {

    public static final Duration NETWORK_TIMEOUT = Duration.ofSeconds(10);

    public boolean mac() {
        return osName.toLowerCase(java.util.Locale.ROOT).startsWith("mac");
    }

    public ProgramRunner runner() {
        return new ProgramRunner(environment);
    }

    /** The user's home directory ($HOME), where launch agents and user units live. */
    public Path userHome() {
        String h = environment.get("HOME");
        return Path.of(h != null && !h.isBlank() ? h : System.getProperty("user.home"));
    }
}
