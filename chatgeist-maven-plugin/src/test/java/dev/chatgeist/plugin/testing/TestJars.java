package dev.chatgeist.plugin.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;

/**
 * Small executable jars compiled on the fly for deploy tests and the benchmark: one that starts and idles like a
 * service, one that fails at start like a broken build. Padding (incompressible, like native libraries) gives them
 * the size of the real runtime jar where upload time matters.
 */
public final class TestJars {
    private TestJars() {}

    /** A jar whose main prints a line and sleeps until stopped. */
    public static Path idle(Path jar, String banner, int paddingBytes) throws IOException {
        return build(
                jar,
                "public class Main { public static void main(String[] a) throws Exception {" + " System.out.println(\""
                        + banner + "\"); Thread.sleep(Long.MAX_VALUE); } }",
                paddingBytes,
                42);
    }

    /** A jar whose main fails at once with {@code message} on stderr (exit status 1). */
    public static Path failing(Path jar, String message) throws IOException {
        return build(
                jar,
                "public class Main { public static void main(String[] a) {" + " throw new IllegalStateException(\""
                        + message + "\"); } }",
                0,
                7);
    }

    private static Path build(Path jar, String source, int paddingBytes, long seed) throws IOException {
        Path src = Files.createTempDirectory("chatgeist-testjar");
        try {
            Files.writeString(src.resolve("Main.java"), source + "\n");
            int javac = ToolProvider.getSystemJavaCompiler()
                    .run(
                            null,
                            null,
                            null,
                            "--release",
                            "17",
                            "-d",
                            src.toString(),
                            src.resolve("Main.java").toString());
            if (javac != 0) {
                throw new IOException("could not compile a test jar's main class");
            }
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Main");
            Files.createDirectories(jar.toAbsolutePath().getParent());
            try (OutputStream file = Files.newOutputStream(jar);
                    JarOutputStream out = new JarOutputStream(file, manifest)) {
                out.putNextEntry(new JarEntry("Main.class"));
                out.write(Files.readAllBytes(src.resolve("Main.class")));
                if (paddingBytes > 0) {
                    out.putNextEntry(new JarEntry("padding/natives.bin"));
                    byte[] padding = new byte[paddingBytes];
                    new Random(seed).nextBytes(padding);
                    out.write(padding);
                }
            }
            return jar;
        } finally {
            try (var files = Files.list(src)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(src);
        }
    }
}
