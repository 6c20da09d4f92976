package dev.chatgeist.plugin.inventory;

import java.util.Locale;

/** The operating system of a host: decides launchd (macOS) or cron/systemd (Linux). */
public enum Platform {
    MACOS("macos"),
    LINUX("linux");

    private final String id;

    Platform(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The platform of the machine this JVM runs on, from {@code os.name}; null when it is neither. */
    public static Platform ofOsName(String osName) {
        String n = osName.toLowerCase(Locale.ROOT);
        if (n.contains("mac") || n.contains("darwin")) {
            return MACOS;
        }
        if (n.contains("linux")) {
            return LINUX;
        }
        return null;
    }

    static Platform parse(String s) {
        for (Platform p : values()) {
            if (p.id.equals(s)) {
                return p;
            }
        }
        return null;
    }
}
