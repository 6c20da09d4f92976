package dev.chatgeist.plugin.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InventoryLoaderTest {
    private static final LoaderEnvironment ENV =
            new LoaderEnvironment("alice", Path.of("/home/alice"), Platform.LINUX, "/opt/jdk/bin/java");
    private static final Path FILE = Path.of("/project/inventory.yaml");

    private static Inventory parse(String yaml) throws InventoryException {
        return new InventoryLoader(ENV).parse(FILE, yaml);
    }

    private static InventoryException error(String yaml) {
        try {
            parse(yaml);
        } catch (InventoryException e) {
            return e;
        }
        throw new AssertionError("expected an inventory error");
    }

    @Test
    void theRepositoryInventoryDescribesTheSeedsTwoMachines() throws Exception {
        Path repoInventory =
                Path.of(System.getProperty("chatgeist.repoRoot", "..")).resolve("inventory.yaml");
        Inventory inv = new InventoryLoader(
                        new LoaderEnvironment("me", Path.of("/Users/me"), Platform.MACOS, "/x/java"))
                .load(repoInventory);
        assertThat(inv.hosts()).extracting(Host::name).containsExactly("mac", "server");

        Host mac = inv.hosts().get(0);
        assertThat(mac.isLocal()).isTrue();
        assertThat(mac.platform()).isEqualTo(Platform.MACOS);
        assertThat(mac.appDir()).isEqualTo("/Users/me/chatgeist");
        assertThat(mac.jobs().update()).get().isEqualTo(new Schedule.Every(Duration.ofHours(1), "1h"));
        assertThat(mac.jobs().syncToken()).get().isEqualTo(new Schedule.Every(Duration.ofHours(4), "4h"));
        assertThat(mac.jobs().botService()).isFalse();
        assertThat(mac.scheduler()).isEqualTo(Scheduler.LAUNCHD);

        Host server = inv.hosts().get(1);
        assertThat(server.connection())
                .isEqualTo(new Connection(false, "203.0.113.10", 22, "bot", "/Users/me/.ssh/id_ed25519", true));
        assertThat(server.user()).isEqualTo("bot");
        assertThat(server.home()).isEqualTo("/home/bot");
        assertThat(server.appDir()).isEqualTo("/home/bot/chatgeist");
        assertThat(server.jobs().update()).get().extracting(Schedule::source).isEqualTo("0 */4 * * *");
        assertThat(server.jobs().syncToken()).isEmpty();
        assertThat(server.jobs().botService()).isTrue();
        assertThat(server.scheduler()).isEqualTo(Scheduler.CRON);
        assertThat(server.transport()).isEqualTo("sshj");
        assertThat(server.groups()).containsExactly("all", "servers");
    }

    @Test
    void variablesMergeAllThenGroupsByDepthThenHostAndReplaceWhole() throws Exception {
        Inventory inv = parse("""
                all:
                  vars:
                    colour: all
                    chatgeist_jobs: {update: "1h", bot: service}
                    ansible_connection: local
                  children:
                    outer:
                      vars: {colour: outer, size: outer}
                      children:
                        inner:
                          vars: {colour: inner}
                          hosts:
                            h1:
                            h2: {colour: host, chatgeist_jobs: {update: "30m"}}
                """);
        Host h1 = inv.hosts().get(0);
        Host h2 = inv.hosts().get(1);
        assertThat(h1.vars()).containsEntry("colour", "inner").containsEntry("size", "outer");
        assertThat(h1.groups()).containsExactly("all", "outer", "inner");
        assertThat(h1.jobs().botService()).isTrue();
        assertThat(h2.vars()).containsEntry("colour", "host");
        // Ansible replaces a dictionary variable whole: h2's jobs have no bot
        assertThat(h2.jobs().update()).get().extracting(Schedule::source).isEqualTo("30m");
        assertThat(h2.jobs().botService()).isFalse();
    }

    @Test
    void localHostsGetLocalDefaultsAndRelativeAppDirsResolveBesideTheInventory() throws Exception {
        Inventory inv = parse("""
                all:
                  hosts:
                    here:
                      ansible_connection: local
                    there:
                      ansible_connection: local
                      chatgeist_app_dir: work/app
                """);
        Host here = inv.hosts().get(0);
        assertThat(here.platform()).isEqualTo(Platform.LINUX);
        assertThat(here.user()).isEqualTo("alice");
        assertThat(here.appDir()).isEqualTo("/home/alice/chatgeist");
        assertThat(here.java()).isEqualTo("/opt/jdk/bin/java");
        assertThat(here.jobs().update()).get().extracting(Schedule::source).isEqualTo("0 */4 * * *");
        assertThat(inv.hosts().get(1).appDir()).isEqualTo("/project/work/app");
    }

    @Test
    void limitSelectsHostsAndGroupsAndNamesTheChoicesWhenNothingMatches() throws Exception {
        Inventory inv = parse("""
                all:
                  children:
                    web:
                      hosts:
                        a: {ansible_host: 192.0.2.1}
                        b: {ansible_host: 192.0.2.2}
                  hosts:
                    c: {ansible_connection: local}
                """);
        assertThat(inv.select("web")).extracting(Host::name).containsExactly("a", "b");
        assertThat(inv.select("c,a")).extracting(Host::name).containsExactly("c", "a");
        assertThat(inv.select(null)).hasSize(3);
        assertThatThrownBy(() -> inv.select("nope"))
                .hasMessageContaining("no host or group named 'nope'")
                .hasMessageContaining("a, b, c");
    }

    @Test
    void unknownChatgeistKeyPointsToFileLineAndKeyWithASuggestion() {
        InventoryException e = error("""
                all:
                  hosts:
                    mac:
                      ansible_connection: local
                      chatgeist_appdir: /x
                """);
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.column()).isEqualTo(7);
        assertThat(e.getMessage())
                .startsWith("/project/inventory.yaml:5:7: key 'chatgeist_appdir' is not a " + "ChatGeist variable")
                .contains("did you mean 'chatgeist_app_dir'?");
    }

    @Test
    void unknownGroupKeyAndUnknownJob() {
        InventoryException group = error("""
                all:
                  host:
                    mac: {}
                """);
        assertThat(group.line()).isEqualTo(2);
        assertThat(group.getMessage())
                .contains("key 'all.host' is not a group key")
                .contains("did you mean 'hosts'");

        InventoryException job = error("""
                all:
                  hosts:
                    mac:
                      ansible_connection: local
                      chatgeist_jobs:
                        updates: "1h"
                """);
        assertThat(job.line()).isEqualTo(6);
        assertThat(job.key()).isEqualTo("chatgeist_jobs.updates");
        assertThat(job.getMessage()).contains("is not a job").contains("did you mean 'update'");
    }

    @Test
    void badCronExpressionAndBadIntervalSayWhatIsExpected() {
        InventoryException cron = error("""
                all:
                  hosts:
                    s:
                      ansible_host: 192.0.2.1
                      chatgeist_jobs:
                        update: "0 */4 * * 8"
                """);
        assertThat(cron.line()).isEqualTo(6);
        assertThat(cron.key()).isEqualTo("chatgeist_jobs.update");
        assertThat(cron.getMessage())
                .contains("bad cron expression \"0 */4 * * 8\"")
                .contains("day-of-week \"8\"")
                .contains("a number 0-7");

        InventoryException interval = error("""
                all:
                  hosts:
                    s:
                      ansible_host: 192.0.2.1
                      chatgeist_jobs: {update: "5x"}
                """);
        assertThat(interval.line()).isEqualTo(5);
        assertThat(interval.getMessage())
                .contains("bad schedule \"5x\"")
                .contains("\"30m\"")
                .contains("\"0 */4 * * *\"");

        InventoryException notForCron = error("""
                all:
                  hosts:
                    s:
                      ansible_host: 192.0.2.1
                      chatgeist_jobs: {update: "7m"}
                """);
        assertThat(notForCron.getMessage()).contains("interval \"7m\" cannot be written as a cron schedule");

        InventoryException number = error("""
                all:
                  hosts:
                    s:
                      ansible_host: 192.0.2.1
                      chatgeist_jobs: {update: 3600}
                """);
        assertThat(number.getMessage()).contains("is 3600").contains("expected an interval");
    }

    @Test
    void missingHostAddressAndPasswordsAreRefused() {
        InventoryException address = error("""
                all:
                  hosts:
                    server:
                      ansible_user: bot
                """);
        assertThat(address.line()).isEqualTo(3);
        assertThat(address.getMessage()).contains("key 'server' has no address").contains("ansible_host:");

        InventoryException password = error("""
                all:
                  hosts:
                    server: {ansible_host: 192.0.2.1, ansible_password: hunter2}
                """);
        assertThat(password.getMessage())
                .contains("ansible_password")
                .doesNotContain("hunter2")
                .contains("key authentication");
    }

    @Test
    void brokenYamlAndDuplicateKeysAreLocated() {
        InventoryException yaml = error("all:\n  hosts:\n    a: [unclosed\n");
        assertThat(yaml.getMessage()).contains("is not valid YAML");
        assertThat(yaml.line()).isGreaterThan(0);

        InventoryException dup = error("""
                all:
                  hosts:
                    a: {ansible_connection: local}
                    a: {ansible_connection: local}
                """);
        assertThat(dup.line()).isEqualTo(4);
        assertThat(dup.getMessage()).contains("defined twice").contains("first at line 3");
    }

    @Test
    void schedulerAndPlatformValuesAreChecked() {
        assertThat(error("""
                all:
                  hosts:
                    m: {ansible_connection: local, chatgeist_platform: windows}
                """).getMessage()).contains("expected macos or linux");
        assertThat(error("""
                all:
                  hosts:
                    m: {ansible_connection: local, chatgeist_platform: linux, chatgeist_scheduler: systemd,
                        chatgeist_jobs: {update: "0 0 1 * mon"}}
                """).getMessage()).contains("systemd timers cannot express");
        assertThat(error("""
                all:
                  hosts:
                    m: {ansible_host: 192.0.2.1, chatgeist_app_dir: relative/dir}
                """).getMessage()).contains("use an absolute path or one starting with ~/");
    }

    @Test
    void missingFileSaysHowToFixIt() {
        assertThatThrownBy(() -> new InventoryLoader(ENV).load(Path.of("/nonexistent/inventory.yaml")))
                .hasMessageContaining("/nonexistent/inventory.yaml: does not exist")
                .hasMessageContaining("-Dchatgeist.inventory");
    }

    @Test
    void topLevelGroupsOtherThanAllAreChildrenOfAll() throws Exception {
        Inventory inv = parse("""
                all:
                  vars: {x: 1}
                servers:
                  hosts:
                    s: {ansible_host: 192.0.2.1}
                """);
        assertThat(inv.hosts().get(0).vars()).containsEntry("x", 1L);
        assertThat(inv.hosts().get(0).groups()).isEqualTo(List.of("all", "servers"));
    }
}
