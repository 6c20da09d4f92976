package dev.chatgeist.plugin.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.inventory.InventoryLoader;
import dev.chatgeist.plugin.inventory.LoaderEnvironment;
import dev.chatgeist.plugin.inventory.Platform;
import dev.chatgeist.plugin.testing.ThrowawayUser;
import dev.chatgeist.plugin.testing.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Paths that are legal but hostile to every file format we write (spaces, %, quotes, $(…), backticks, </string>,
 * Unicode, backslashes) are put into the app dir and the java path, and each rendered file is read back by the real
 * tool — systemd-analyze plus systemd's quoting rules, a real crontab and /bin/sh, plistlib and plistutil, Jackson
 * YAML — which must see exactly the path we put in. Values no format can hold fail loudly.
 */
class HostileValuesRenderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** Directory names that are legal on Linux and macOS but special to sh, cron, systemd, XML or YAML. */
    static Stream<String> hostileNames() {
        return Stream.of(
                "with space",
                "100%",
                "%h",
                "back\\%slash",
                "single'quote",
                "double\"quote",
                "$(touch pwned)",
                "`touch pwned`",
                "</string><string>x",
                "ünïcödé ✓ 日本",
                "back\\slash",
                "semi;colon & amp",
                "$HOME ${HOME} $$",
                "#hash",
                "-dash",
                "star*?[glob]",
                "a\\\"b\\'c");
    }

    /**
     * A directory named {@code name} holding the app dir and a "java" that records its cwd and arguments; java sits
     * in a plain directory when the name has characters the inventory refuses in chatgeist_java.
     */
    private Path hostileDir(String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("h").resolve(name));
        Files.createDirectories(dir.resolve("app/logs"));
        Path java = java(dir);
        Files.createDirectories(java.getParent());
        // stands for java: prints the working directory and every argument, NUL-separated
        Files.writeString(java, "#!/bin/sh\nprintf '%s\\0' \"$(pwd)\" \"$0\" \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        // stands for bin/chatgeist, which the schedulers run: records the same and the Java it was told to use
        Path launcher = Files.createDirectories(dir.resolve("app/bin")).resolve("chatgeist");
        Files.writeString(
                launcher, "#!/bin/sh\nprintf '%s\\0' \"$(pwd)\" \"$0\" \"$@\" \"CHATGEIST_JAVA=$CHATGEIST_JAVA\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    private static Path java(Path dir) {
        boolean refused = dir.getFileName().toString().matches(".*[\\\\'\"$].*");
        String plain =
                "plain/" + Integer.toHexString(dir.getFileName().toString().hashCode()) + "/java";
        return refused ? dir.getParent().getParent().resolve(plain) : dir.resolve("java");
    }

    private static Host server(Path dir, String scheduler) throws Exception {
        return load(Platform.LINUX, """
                all:
                  hosts:
                    server:
                      ansible_host: 192.0.2.10
                      ansible_user: bot
                      chatgeist_app_dir: %s
                      chatgeist_java: %s
                      chatgeist_scheduler: %s
                      chatgeist_jobs: {update: "0 */4 * * *", sync-token: "4h", bot: service}
                """.formatted(json(dir.resolve("app")), json(java(dir)), scheduler));
    }

    private static Host load(Platform platform, String yaml) throws Exception {
        return new InventoryLoader(new LoaderEnvironment("me", Path.of("/home/me"), platform, "/usr/bin/java"))
                .parse(Path.of("/p/inventory.yaml"), yaml)
                .hosts()
                .get(0);
    }

    /** A JSON string is a YAML double-quoted scalar: the inventory gets the hostile value exactly. */
    private static String json(Object value) throws Exception {
        return JSON.writeValueAsString(value.toString());
    }

    private static Map<String, RenderedFile> render(Host host, Path templates) throws Exception {
        return new HostRenderer(new TemplateEngine(templates))
                .render(host).stream().collect(Collectors.toMap(RenderedFile::name, f -> f));
    }

    private static List<String> withShell(List<String> args) {
        List<String> out = new ArrayList<>(List.of("/bin/sh"));
        out.addAll(args);
        return out;
    }

    /** What every scheduler runs: the installed bin/chatgeist (it picks the JVM flags), never java directly. */
    private static List<String> batchArgs(Path dir, String job) {
        String app = dir.resolve("app").toString();
        return List.of(app + "/bin/chatgeist", "--home", app, job);
    }

    @ParameterizedTest
    @MethodSource("hostileNames")
    void systemdReadsBackExactlyThePath(String name) throws Exception {
        Path dir = hostileDir(name);
        String app = dir.resolve("app").toString();
        Map<String, RenderedFile> files = render(server(dir, "systemd"), null);
        RealParsers.systemdVerify(
                tmp.resolve("units"),
                files.get("chatgeist-update.service"),
                files.get("chatgeist-update.timer"),
                files.get("chatgeist-sync-token.service"),
                files.get("chatgeist-sync-token.timer"),
                files.get("chatgeist-bot.service"));

        Map<String, List<String>> update =
                SystemdUnitReader.settings(files.get("chatgeist-update.service").content());
        assertThat(SystemdUnitReader.plain(update.get("WorkingDirectory").get(0)))
                .isEqualTo(app);
        // through /bin/sh: systemd cannot run an executable whose path has quotes, backslashes or $
        assertThat(SystemdUnitReader.exec(update.get("ExecStart").get(0)))
                .isEqualTo(withShell(batchArgs(dir, "update")));
        assertThat(SystemdUnitReader.plain(update.get("StandardOutput").get(0)))
                .isEqualTo("append:" + app + "/logs/update.out.log");
        assertThat(SystemdUnitReader.words(update.get("Environment").get(0), true))
                .containsExactly("CHATGEIST_HOME=" + app);

        Map<String, List<String>> bot =
                SystemdUnitReader.settings(files.get("chatgeist-bot.service").content());
        // one path, not split at the space: under ProtectSystem=strict the bot must be able to write its own dir
        assertThat(SystemdUnitReader.words(bot.get("ReadWritePaths").get(0), false))
                .containsExactly(app);
        assertThat(SystemdUnitReader.plain(bot.get("WorkingDirectory").get(0))).isEqualTo(app);
        assertThat(SystemdUnitReader.exec(bot.get("ExecStart").get(0))).isEqualTo(withShell(batchArgs(dir, "bot")));
        assertThat(bot.get("Environment").stream().flatMap(e -> SystemdUnitReader.words(e, true).stream()))
                .contains("CHATGEIST_JAVA=" + java(dir));
        assertThat(bot.get("User")).containsExactly("bot");
    }

    @ParameterizedTest
    @MethodSource("hostileNames")
    void cronAndShRunExactlyTheCommand(String name) throws Exception {
        Path dir = hostileDir(name);
        String app = dir.resolve("app").toString();
        String crontab =
                render(server(dir, "cron"), null).get("chatgeist.crontab").content();
        List<String> jobLines = crontab.lines().filter(l -> !l.startsWith("#")).toList();
        assertThat(jobLines).hasSize(2);
        for (String line : jobLines) {
            CronLine cron = CronLine.parse(line);
            assertThat(cron.stdin()).as("no unescaped %% in " + line).isEmpty();
            Tools.Result r = Tools.run(tmp, List.of("/bin/sh", "-c", cron.command()));
            assertThat(r.exitCode()).as(r.stderr()).isZero();
        }
        for (String job : List.of("update", "sync-token")) {
            byte[] out = Files.readAllBytes(Path.of(app, "logs", job + ".out.log"));
            List<String> seen = Arrays.asList(new String(out, StandardCharsets.UTF_8).split("\0"));
            List<String> expected = new ArrayList<>(List.of(app));
            expected.addAll(batchArgs(dir, job));
            expected.add("CHATGEIST_JAVA=" + java(dir));
            assertThat(seen).isEqualTo(expected);
        }
        try (Stream<Path> all = Files.walk(tmp)) {
            assertThat(all.filter(f -> f.getFileName().toString().equals("pwned")))
                    .as("sh ran a substitution")
                    .isEmpty();
        }
    }

    @Test
    void aRealCrontabTakesTheBlockAndGivesItBackUnchanged() throws Exception {
        Tools.require("crontab", "cron");
        StringBuilder block = new StringBuilder();
        for (String name : hostileNames().toList()) {
            block.append(render(server(hostileDir(name), "cron"), null)
                    .get("chatgeist.crontab")
                    .content());
        }
        try (ThrowawayUser u = ThrowawayUser.create()) {
            byte[] bytes = block.toString().getBytes(StandardCharsets.UTF_8);
            Tools.Result put = Tools.run(null, List.of("crontab", "-u", u.name(), "-"), bytes);
            assertThat(put.exitCode()).as(put.stderr()).isZero();
            assertThat(Tools.runBytes(List.of("crontab", "-u", u.name(), "-l"))).isEqualTo(bytes);
        }
    }

    @ParameterizedTest
    @MethodSource("hostileNames")
    void plistParsersReadBackExactlyThePath(String name) throws Exception {
        Path dir = hostileDir(name);
        String app = dir.resolve("app").toString();
        Host mac = load(Platform.MACOS, """
                all:
                  hosts:
                    mac:
                      ansible_connection: local
                      chatgeist_platform: macos
                      chatgeist_app_dir: %s
                      chatgeist_java: %s
                      chatgeist_jobs: {update: "1h", sync-token: "0 */4 * * *", bot: service}
                """.formatted(json(app), json(java(dir))));
        Map<String, RenderedFile> files = render(mac, null);
        for (String job : List.of("update", "sync-token", "bot")) {
            RenderedFile plist = files.get("com.chatgeist." + job + ".plist");
            JsonNode p = RealParsers.plistlib(tmp.resolve("plist"), plist.content());
            List<String> args = batchArgs(dir, job);
            assertThat(RealParsers.strings(p.path("ProgramArguments"))).isEqualTo(args);
            assertThat(p.path("WorkingDirectory").asText()).isEqualTo(app);
            assertThat(p.path("EnvironmentVariables").path("CHATGEIST_HOME").asText())
                    .isEqualTo(app);
            assertThat(p.path("EnvironmentVariables").path("CHATGEIST_JAVA").asText())
                    .isEqualTo(java(dir).toString());
            assertThat(p.path("StandardOutPath").asText()).isEqualTo(app + "/logs/" + job + ".out.log");
            String back = RealParsers.plistutilRoundTrip(tmp.resolve("plist"), plist.content());
            assertThat(RealParsers.plistlib(tmp.resolve("plist"), back)).isEqualTo(p);
        }
    }

    @Test
    void composeScalarsReadBackExactlyTheValueAfterComposeInterpolation() throws Exception {
        Path templates = Files.createDirectories(tmp.resolve("templates"));
        Files.writeString(templates.resolve("docker-compose.yml.ftl"), """
                services:
                  claude-sandbox:
                    working_dir: ${composeq(host.appDir)}
                    environment:
                <#list vars.notes as note>
                      - ${composeq("NOTE=" + note)}
                </#list>
                """);
        List<String> notes = new ArrayList<>(hostileNames().toList());
        notes.addAll(List.of(
                "true",
                "123",
                "~",
                "null",
                "- item",
                "key: value",
                "{a: b}",
                "[x]",
                "*alias",
                "&anchor",
                "!tag",
                "@at",
                "| block",
                "> folded",
                "' quote",
                "\" dq",
                "\\",
                "${TOKEN}",
                "$TOKEN"));
        Path dir = hostileDir("with space $(x) %h");
        String app = dir.resolve("app").toString();
        Host h = load(Platform.LINUX, """
                all:
                  hosts:
                    s:
                      ansible_host: 192.0.2.10
                      chatgeist_app_dir: %s
                      notes: %s
                """.formatted(json(app), JSON.writeValueAsString(notes)));
        String compose = render(h, templates).get("docker-compose.yml").content();
        JsonNode svc = new ObjectMapper(new YAMLFactory())
                .readTree(compose)
                .path("services")
                .path("claude-sandbox");
        assertThat(interpolated(svc.path("working_dir").asText())).isEqualTo(app);
        assertThat(RealParsers.strings(svc.path("environment")).stream()
                        .map(HostileValuesRenderTest::interpolated)
                        .toList())
                .isEqualTo(notes.stream().map(n -> "NOTE=" + n).toList());
    }

    /** Compose's interpolation (compose-spec, "Interpolation"): "$$" is a literal "$"; any other "$" is a variable. */
    private static String interpolated(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '$') {
                assertThat(i + 1 < s.length() && s.charAt(i + 1) == '$')
                        .as("Compose would interpolate " + s)
                        .isTrue();
                i++;
            }
            sb.append(s.charAt(i));
        }
        return sb.toString();
    }

    @Test
    void aValueNoFormatCanHoldFailsTheRenderNamingTheTemplate() throws Exception {
        // inventory variables of our own are checked at load; other variables reach only project templates
        Path templates = Files.createDirectories(tmp.resolve("templates"));
        Host h = load(Platform.LINUX, """
                all:
                  hosts:
                    s: {ansible_host: 192.0.2.10, note: "a\\nb", nul: "a\\u0000b", chatgeist_jobs: {update: "1h", bot: service}}
                """);
        Files.writeString(templates.resolve("crontab.ftl"), "# ${shq(vars.note)}\n");
        assertThatThrownBy(() -> render(h, templates))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("crontab.ftl")
                .hasMessageContaining("U+000A (line feed)");
        Files.writeString(templates.resolve("crontab.ftl"), "# ${vars.nul}\n");
        assertThatThrownBy(() -> render(h, templates))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("crontab.ftl")
                .hasMessageContaining("U+0000 (NUL)")
                .hasMessageContaining("shq");
        Files.delete(templates.resolve("crontab.ftl"));
        Files.writeString(templates.resolve("chatgeist-bot.service.ftl"), "[Unit]\nDescription=${sdtext(vars.note)}\n");
        assertThatThrownBy(() -> render(h, templates))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("chatgeist-bot.service.ftl")
                .hasMessageContaining("line feed");
    }

    @Test
    void aHostBuiltInCodeWithAValueSystemdCannotRunIsARenderErrorNotACrash() {
        // the inventory refuses this app dir; a Host built directly (as other goals may) reaches the escapers
        Host h = new Host(
                "h",
                List.of("all"),
                new dev.chatgeist.plugin.inventory.Connection(false, "192.0.2.1", 22, "bot", null, false),
                Platform.LINUX,
                "bot",
                "/home/bot",
                "/home/bot/app\nExecStartPre=/x",
                "/opt/java",
                new dev.chatgeist.plugin.inventory.Jobs(java.util.Optional.empty(), java.util.Optional.empty(), true),
                dev.chatgeist.plugin.inventory.Scheduler.CRON,
                "sshj",
                Map.of());
        assertThatThrownBy(() -> render(h, null))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("host h: ")
                .hasMessageContaining("line feed");
    }
}
