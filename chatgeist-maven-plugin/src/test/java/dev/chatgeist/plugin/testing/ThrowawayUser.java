package dev.chatgeist.plugin.testing;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** A Linux user created for one test (real crontab ownership), removed with its crontab afterwards. Needs root. */
public final class ThrowawayUser implements AutoCloseable {
    private final String name;

    private ThrowawayUser(String name) {
        this.name = name;
    }

    public static ThrowawayUser create() throws IOException {
        Tools.requireRoot("it creates a throwaway user to own a real crontab");
        Tools.require("useradd", "passwd");
        String name = "cgt" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        Tools.Result r = Tools.run(null, List.of("useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", name));
        if (r.exitCode() != 0) {
            throw new IOException("useradd " + name + " failed: " + r.stderr());
        }
        return new ThrowawayUser(name);
    }

    public String name() {
        return name;
    }

    @Override
    public void close() throws IOException {
        Tools.run(null, List.of("crontab", "-u", name, "-r"));
        Tools.run(null, List.of("userdel", name));
    }
}
