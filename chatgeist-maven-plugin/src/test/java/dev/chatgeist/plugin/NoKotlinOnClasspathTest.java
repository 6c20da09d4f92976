package dev.chatgeist.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The plugin runs inside users' Maven, so no Kotlin may reach it: every jar and class folder on this module's
 * classpath is searched for Kotlin's packages. The plugin shares code with the runtime through chatgeist-core only;
 * the runtime (whose bot dependencies bring Kotlin) must not be on the classpath at all. The enforcer rules check
 * the declared dependencies; this checks the classes.
 */
class NoKotlinOnClasspathTest {
    @Test
    void noKotlinClassAnywhereOnTheClasspath() throws IOException {
        List<String> found = new ArrayList<>();
        List<String> searched = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            searched.add(p.getFileName().toString());
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.map(f -> p.relativize(f).toString().replace('\\', '/'))
                            .filter(NoKotlinOnClasspathTest::kotlin)
                            .forEach(f -> found.add(entry + "!" + f));
                }
            } else if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
                try (JarFile jar = new JarFile(p.toFile())) {
                    jar.stream()
                            .map(e -> e.getName())
                            .filter(NoKotlinOnClasspathTest::kotlin)
                            .forEach(f -> found.add(entry + "!" + f));
                }
            }
        }
        ClassLoader loader = getClass().getClassLoader();
        assertThat(loader.getResource("dev/chatgeist/core/credentials/FileCredentials.class"))
                .as("chatgeist-core's classes are on the classpath")
                .isNotNull();
        assertThat(loader.getResource("dev/chatgeist/cli/Main.class"))
                .as("the runtime is not on the classpath")
                .isNull();
        assertThat(searched).noneMatch(n -> n.startsWith("chatgeist-runtime"));
        assertThat(found).isEmpty();
    }

    private static boolean kotlin(String name) {
        return name.startsWith("kotlin/") || name.startsWith("kotlinx/") || name.startsWith("META-INF/kotlin");
    }
}
