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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostRendererTest {
    private static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String LAUNCHER = "/Users/me/Chat Geist & Co/bin/chatgeist";

    @TempDir
    Path tmp;

    static Host host(String yaml) throws Exception {
        return new InventoryLoader(new LoaderEnvironment("me", Path.of("/Users/me"), Platform.MACOS, JAVA))
                .parse(Path.of("/p/inventory.yaml"), yaml)
                .hosts()
                .get(0);
    }

    static Host mac() throws Exception {
        // an app dir with a space and an ampersand: XML escaping and quoting must hold
        return host("""
                all:
                  hosts:
                    mac:
                      ansible_connection: local
                      chatgeist_platform: macos
                      chatgeist_app_dir: "~/Chat Geist & Co"
                      chatgeist_java: /usr/bin/java
                      chatgeist_jobs: {update: "1h", sync-token: "0 */4 * * *", bot: service}
                """);
    }

    static Host server(String scheduler) throws Exception {
        return host("""
                all:
                  hosts:
                    server:
                      ansible_host: 192.0.2.10
                      ansible_user: bot
                      chatgeist_platform: linux
                      chatgeist_app_dir: /home/bot/chatgeist
                      chatgeist_java: %s
                      chatgeist_scheduler: %s
                      chatgeist_jobs: {update: "0 */4 * * *", sync-token: "4h", bot: service}
                """.formatted(JAVA, scheduler));
    }

    private static Map<String, RenderedFile> render(Host host, Path templates) throws Exception {
        return new HostRenderer(new TemplateEngine(templates))
                .render(host).stream().collect(Collectors.toMap(RenderedFile::name, f -> f));
    }

    private JsonNode plistlib(String content) throws Exception {
        return RealParsers.plistlib(tmp, content);
    }

    private String plistutilRoundTrip(String content) throws Exception {
        return RealParsers.plistutilRoundTrip(tmp, content);
    }

    @Test
    void updateAgentParsesWithPlistlibKeyByKey() throws Exception {
        Map<String, RenderedFile> files = render(mac(), null);
        assertThat(files)
                .containsOnlyKeys(
                        "com.chatgeist.update.plist",
                        "com.chatgeist.sync-token.plist",
                        "com.chatgeist.bot.plist",
                        "docker-compose.yml",
                        "sandbox/Dockerfile");
        RenderedFile f = files.get("com.chatgeist.update.plist");
        assertThat(f.installPath()).isEqualTo("/Users/me/Library/LaunchAgents/com.chatgeist.update.plist");
        JsonNode p = plistlib(f.content());
        assertThat(p.path("Label").asText()).isEqualTo("com.chatgeist.update");
        // the installed bin/chatgeist, which picks the batch JVM flags; the inventory's Java goes in CHATGEIST_JAVA
        assertThat(strings(p.path("ProgramArguments")))
                .containsExactly(LAUNCHER, "--home", "/Users/me/Chat Geist & Co", "update");
        assertThat(p.path("EnvironmentVariables").path("CHATGEIST_JAVA").asText())
                .isEqualTo("/usr/bin/java");
        assertThat(p.path("WorkingDirectory").asText()).isEqualTo("/Users/me/Chat Geist & Co");
        assertThat(p.path("StartInterval").asInt()).isEqualTo(3600);
        assertThat(p.has("StartCalendarInterval")).isFalse();
        assertThat(p.path("StandardOutPath").asText()).isEqualTo("/Users/me/Chat Geist & Co/logs/update.out.log");
        assertThat(p.path("StandardErrorPath").asText()).isEqualTo("/Users/me/Chat Geist & Co/logs/update.out.log");
        assertThat(p.path("RunAtLoad").asBoolean(true)).isFalse();
        assertThat(p.has("KeepAlive")).isFalse();
        String path = p.path("EnvironmentVariables").path("PATH").asText();
        // docker and claude on Apple Silicon (Homebrew in /opt/homebrew), Intel (/usr/local), Docker Desktop, CLI
        assertThat(path.split(":"))
                .contains(
                        "/opt/homebrew/bin",
                        "/usr/local/bin",
                        "/Applications/Docker.app/Contents/Resources/bin",
                        "/Users/me/.local/bin",
                        "/usr/bin",
                        "/bin");
        assertThat(f.content())
                .contains("Generated by chatgeist-maven-plugin from the built-in template "
                        + "com.chatgeist.update.plist.ftl");
    }

    @Test
    void syncTokenCronScheduleBecomesStartCalendarIntervalAndPlistutilAgrees() throws Exception {
        RenderedFile f = render(mac(), null).get("com.chatgeist.sync-token.plist");
        JsonNode p = plistlib(f.content());
        assertThat(p.has("StartInterval")).isFalse();
        JsonNode cal = p.path("StartCalendarInterval");
        assertThat(cal.size()).isEqualTo(6);
        for (int i = 0; i < 6; i++) {
            assertThat(cal.get(i).path("Hour").asInt()).isEqualTo(i * 4);
            assertThat(cal.get(i).path("Minute").asInt()).isZero();
            assertThat(cal.get(i).size()).isEqualTo(2);
        }
        assertThat(strings(p.path("ProgramArguments"))).endsWith("sync-token");
        assertThat(p.path("StandardOutPath").asText()).endsWith("/logs/sync-token.out.log");

        String back = plistutilRoundTrip(f.content());
        assertThat(back)
                .contains("<key>Label</key>")
                .contains("<string>com.chatgeist.sync-token</string>")
                .contains("<key>StartCalendarInterval</key>")
                .contains("<string>Chat Geist &amp; Co</string>"
                        .replace("Chat Geist &amp; Co", "/Users/me/Chat Geist &amp; Co"));
        // what plistutil read back parses to the same dictionary
        assertThat(plistlib(back)).isEqualTo(p);
    }

    @Test
    void botAgentIsKeptAlive() throws Exception {
        JsonNode p = plistlib(render(mac(), null).get("com.chatgeist.bot.plist").content());
        assertThat(p.path("KeepAlive").asBoolean()).isTrue();
        assertThat(p.path("RunAtLoad").asBoolean()).isTrue();
        assertThat(strings(p.path("ProgramArguments")))
                .containsExactly(LAUNCHER, "--home", "/Users/me/Chat Geist & Co", "bot");
        assertThat(p.path("StandardOutPath").asText()).endsWith("/logs/bot.out.log");
        assertThat(plistlib(plistutilRoundTrip(
                        render(mac(), null).get("com.chatgeist.bot.plist").content())))
                .isEqualTo(p);
    }

    @Test
    void serverGetsCrontabBlockAndHardenedSystemUnitThatSystemdVerifies() throws Exception {
        Map<String, RenderedFile> files = render(server("cron"), null);
        assertThat(files)
                .containsOnlyKeys(
                        "chatgeist.crontab", "chatgeist-bot.service", "docker-compose.yml", "sandbox/Dockerfile");
        String cron = files.get("chatgeist.crontab").content();
        assertThat(cron.lines().filter(l -> !l.startsWith("#")))
                .containsExactly(
                        "0 */4 * * * cd /home/bot/chatgeist && PATH=/home/bot/.local/bin:/usr/local/bin:/usr/bin:/bin"
                                + " CHATGEIST_JAVA=" + JAVA
                                + " /home/bot/chatgeist/bin/chatgeist --home /home/bot/chatgeist"
                                + " update >> /home/bot/chatgeist/logs/update.out.log 2>&1",
                        "0 */4 * * * cd /home/bot/chatgeist && PATH=/home/bot/.local/bin:/usr/local/bin:/usr/bin:/bin"
                                + " CHATGEIST_JAVA=" + JAVA
                                + " /home/bot/chatgeist/bin/chatgeist --home /home/bot/chatgeist"
                                + " sync-token >> /home/bot/chatgeist/logs/sync-token.out.log 2>&1");
        assertThat(cron).startsWith("# Generated by chatgeist-maven-plugin from the built-in template crontab.ftl.");

        RenderedFile unit = files.get("chatgeist-bot.service");
        assertThat(unit.installPath()).isEqualTo("/etc/systemd/system/chatgeist-bot.service");
        Map<String, String> s = unitSettings(unit.content());
        assertThat(s)
                .containsEntry("User", "bot")
                .containsEntry("Restart", "on-failure")
                .containsEntry("NoNewPrivileges", "yes")
                .containsEntry("ProtectSystem", "strict")
                .containsEntry("PrivateTmp", "yes")
                .containsEntry("ReadWritePaths", "/home/bot/chatgeist")
                .containsEntry("WorkingDirectory", "/home/bot/chatgeist")
                .containsEntry("ExecStart", "/bin/sh /home/bot/chatgeist/bin/chatgeist --home /home/bot/chatgeist bot")
                .containsEntry("WantedBy", "multi-user.target");
        verify(unit);
    }

    @Test
    void systemdTimerAlternativeVerifies() throws Exception {
        Map<String, RenderedFile> files = render(server("systemd"), null);
        assertThat(files)
                .containsKeys(
                        "chatgeist-update.service",
                        "chatgeist-update.timer",
                        "chatgeist-sync-token.service",
                        "chatgeist-sync-token.timer")
                .doesNotContainKey("chatgeist.crontab");
        assertThat(unitSettings(files.get("chatgeist-update.timer").content()))
                .containsEntry("OnCalendar", "*-*-* 00/4:00:00")
                .containsEntry("Persistent", "true")
                .containsEntry("Unit", "chatgeist-update.service");
        assertThat(unitSettings(files.get("chatgeist-sync-token.timer").content()))
                .containsEntry("OnUnitActiveSec", "4h");
        assertThat(unitSettings(files.get("chatgeist-update.service").content()))
                .containsEntry("Type", "oneshot")
                .containsEntry("StandardOutput", "append:/home/bot/chatgeist/logs/update.out.log");
        verify(
                files.get("chatgeist-update.service"),
                files.get("chatgeist-update.timer"),
                files.get("chatgeist-sync-token.service"),
                files.get("chatgeist-sync-token.timer"),
                files.get("chatgeist-bot.service"));
    }

    @Test
    void localLinuxBotIsAUserUnitWithoutUserSetting() throws Exception {
        Host h = new InventoryLoader(new LoaderEnvironment("me", Path.of("/home/me"), Platform.LINUX, JAVA))
                .parse(Path.of("/p/inventory.yaml"), """
                        all:
                          hosts:
                            local: {ansible_connection: local, chatgeist_jobs: {update: "1h", bot: service}}
                        """)
                .hosts()
                .get(0);
        RenderedFile unit = render(h, null).get("chatgeist-bot.service");
        assertThat(unit.installPath()).isEqualTo("/home/me/.config/systemd/user/chatgeist-bot.service");
        Map<String, String> s = unitSettings(unit.content());
        assertThat(s).doesNotContainKey("User").containsEntry("WantedBy", "default.target");
        verify(unit);
    }

    @Test
    void composeFileHasTheSandboxSettings() throws Exception {
        String compose = render(server("cron"), null).get("docker-compose.yml").content();
        JsonNode svc = new ObjectMapper(new YAMLFactory())
                .readTree(compose)
                .path("services")
                .path("claude-sandbox");
        // the container and mount the runtime's docker analyst execs into
        assertThat(svc.path("container_name").asText()).isEqualTo(dev.chatgeist.core.sandbox.ClaudeSandbox.CONTAINER);
        assertThat(svc.path("build").path("context").asText()).isEqualTo("./sandbox");
        assertThat(strings(svc.path("environment")))
                .containsExactly("CLAUDE_CODE_OAUTH_TOKEN=${CLAUDE_CODE_OAUTH_TOKEN}");
        assertThat(strings(svc.path("volumes")))
                .containsExactly("./databases:" + dev.chatgeist.core.sandbox.ClaudeSandbox.DATABASES_DIR + ":ro");
        assertThat(svc.path("cpus").asInt()).isEqualTo(1);
        assertThat(svc.path("mem_limit").asText()).isEqualTo("1g");
        assertThat(strings(svc.path("security_opt"))).containsExactly("no-new-privileges:true");
        assertThat(strings(svc.path("tmpfs"))).containsExactly("/tmp");
        assertThat(svc.path("restart").asText()).isEqualTo("unless-stopped");
        String dockerfile =
                render(server("cron"), null).get("sandbox/Dockerfile").content();
        assertThat(dockerfile)
                .contains("FROM node:")
                .contains("npm install -g @anthropic-ai/claude-code@${CLAUDE_CODE_VERSION}")
                .contains("sqlite3 procps")
                .contains("USER node");
    }

    @Test
    void aProjectTemplateOverridesTheBuiltInOneByNameAndGetsTheHeaderToo() throws Exception {
        Path templates = Files.createDirectories(tmp.resolve("templates"));
        Files.writeString(
                templates.resolve("crontab.ftl"),
                "<#list batchJobs as job>\n${job.schedule.cron} echo ${job.id} on ${host.name} ${vars.team}\n</#list>\n");
        Host h = host("""
                all:
                  vars: {team: ops}
                  hosts:
                    s: {ansible_host: 192.0.2.1, chatgeist_jobs: {update: "1h"}}
                """);
        Map<String, RenderedFile> files = render(h, templates);
        RenderedFile cron = files.get("chatgeist.crontab");
        assertThat(cron.origin().builtIn()).isFalse();
        assertThat(cron.content()).isEqualTo("""
                # Generated by chatgeist-maven-plugin from the project template %s.
                # Do not edit it here: change inventory.yaml, or copy the template into the project's templates/
                # folder and edit the copy, then run the plugin again.
                0 * * * * echo update on s ops
                """.formatted(templates.resolve("crontab.ftl")));
        assertThat(files.get("docker-compose.yml").origin().builtIn()).isTrue();
    }

    @Test
    void aBrokenOverrideNamesTheTemplateAndLine() throws Exception {
        Path templates = Files.createDirectories(tmp.resolve("templates"));
        Files.writeString(templates.resolve("crontab.ftl"), "line one\n${host.nosuch}\n");
        Host h = host("""
                all:
                  hosts:
                    s: {ansible_host: 192.0.2.1}
                """);
        assertThatThrownBy(() -> render(h, templates))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("project template " + templates.resolve("crontab.ftl"))
                .hasMessageContaining("line 2");
    }

    private void verify(RenderedFile... units) throws Exception {
        RealParsers.systemdVerify(tmp.resolve("units"), units);
    }

    private static Map<String, String> unitSettings(String unit) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        unit.lines()
                .filter(l -> !l.startsWith("#") && !l.startsWith("[") && l.contains("="))
                .forEach(l -> out.putIfAbsent(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return out;
    }

    private static List<String> strings(JsonNode array) {
        return RealParsers.strings(array);
    }
}
