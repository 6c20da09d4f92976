package dev.chatgeist.doctor;

import java.util.Locale;

/**
 * One line of the doctor's report: how it stands, what was checked, what was found and, unless all is well, the fix.
 *
 * @param fix what to do about it; null when there is nothing to do
 */
public record Finding(Level level, String topic, String found, String fix) {

    /** ok: fine; warn: works, but something will bite later; fail: something that should work does not. */
    public enum Level {
        OK,
        WARN,
        FAIL;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static Finding ok(String topic, String found) {
        return new Finding(Level.OK, topic, found, null);
    }

    public static Finding warn(String topic, String found, String fix) {
        return new Finding(Level.WARN, topic, found, fix);
    }

    public static Finding fail(String topic, String found, String fix) {
        return new Finding(Level.FAIL, topic, found, fix);
    }

    /** {@code fail  .env: mode 0644, other users can read it — fix: chmod 600 /home/me/chatgeist/.env} */
    public String line() {
        return String.format("%-4s  %s: %s%s", level.label(), topic, found, fix == null ? "" : " — fix: " + fix);
    }
}
