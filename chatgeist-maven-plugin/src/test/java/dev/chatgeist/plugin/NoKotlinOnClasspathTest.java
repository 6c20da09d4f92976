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
 * The plugin runs inside users' Maven, so no Kotlin may reach it, also not through the runtime module it reuses
 * classes from (whose own dependencies bring Kotlin): every jar and class folder on this module's classpath is
 * searched for Kotlin's packages. The enforcer rule checks the declared dependencies; this checks the classes.
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
                    walk.map(f -> p.relativize(f).toString().replace('\\', '/')).filter(NoKotlinOnClasspathTest::kotlin)
                            .forEach(f -> found.add(entry + "!" + f));
                }
            } else if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
                try (JarFile jar = new JarFile(p.toFile())) {
                    jar.stream().map(e -> e.getName()).filter(NoKotlinOnClasspathTest::kotlin)
                            .forEach(f -> found.add(entry + "!" + f));
                }
            }
        }
        assertThat(searched).as("the runtime's classes are on the classpath")
                .anyMatch(n -> n.startsWith("chatgeist-runtime") || n.equals("classes"));
        assertThat(getClass().getClassLoader().getResource("dev/chatgeist/token/FileCredentials.class")).isNotNull();
        assertThat(found).isEmpty();
    }

    private static boolean kotlin(String name) {
        return name.startsWith("kotlin/") || name.startsWith("kotlinx/") || name.startsWith("META-INF/kotlin");
    }
}
