package dev.chatgeist.telegram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the Node test code lives, and a clear failure when Node or its packages are missing. */
public final class NodeTools {
    private NodeTools() {}

    public static Path nodeDir() {
        Path dir = Path.of("src", "test", "node").toAbsolutePath();
        if (!Files.isDirectory(dir.resolve("node_modules").resolve("telegram"))) {
            throw new IllegalStateException("GramJS is not installed in " + dir + "; run `bash .ci/setup-mtproto.sh` "
                    + "(installs Node from Debian if missing and runs `npm ci` there)");
        }
        return dir;
    }

    public static String node() {
        for (String candidate : new String[] {"/usr/bin/node", "/usr/local/bin/node", "/usr/bin/nodejs"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        try {
            Process p = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .start();
            if (p.waitFor() == 0) {
                return "node";
            }
        } catch (IOException e) {
            // reported below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("Node.js is not installed; run `bash .ci/setup-mtproto.sh`");
    }
}
