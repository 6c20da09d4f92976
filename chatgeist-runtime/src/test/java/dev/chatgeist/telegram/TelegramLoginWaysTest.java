package dev.chatgeist.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.cli.Cli;
import dev.chatgeist.cli.CliRun;
import dev.chatgeist.cli.Main;
import dev.chatgeist.telegram.client.QrText;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way Telegram asks a user to log in, with the real `chatgeist login` against the stand-in DC
 * (src/test/node/standin.js + standin-login.js, standing for Telegram's production DCs as core.telegram.org/api/auth
 * and /api/qr-login describe them): AUTH_RESTART, the code by e-mail, the login e-mail setup, resend by another way,
 * Fragment, and the QR code (decoded back from the terminal text, "scanned" by the stand-in as a phone app would).
 */
class TelegramLoginWaysTest {
    @RegisterExtension
    static final StandinDcExtension STANDIN = new StandinDcExtension(1_000, 30);

    private static final Pattern URL = Pattern.compile("tg://login\\?token=[A-Za-z0-9_-]+");

    static StandinDc dc;
    static String emailLoginCode;

    @BeforeAll
    static void start() throws Exception {
        dc = STANDIN.dc();
        emailLoginCode = dc.command("loginInfo").path("emailLoginCode").asText();
    }

    private static CliRun login(Path home, String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("login"));
        all.addAll(List.of(args));
        return CliRun.run(dc.env(home), stdin, all.toArray(String[]::new));
    }

    private static int requests(String method) throws Exception {
        return dc.command("stats").path("byMethod").path(method).asInt();
    }

    @Test
    void authRestartOnSendCodeStartsOverWithoutBotheringTheUser(@TempDir Path home) throws Exception {
        dc.command("authRestarts", "count", 2);
        dc.command("resetStats");
        CliRun r = login(home, dc.loginCode() + "\n", "--phone", "+15550010");
        assertThat(r.exit).as(r.toString()).isZero();
        assertThat(r.out).contains("Logged in as User0 Family0");
        assertThat(r.err).doesNotContain("AUTH_RESTART");
        assertThat(requests("auth.SendCode")).isEqualTo(3);
    }

    @Test
    void authRestartMoreThanThreeTimesEndsTheLoginWithTheFix(@TempDir Path home) throws Exception {
        dc.command("authRestarts", "count", 5);
        CliRun r = login(home, dc.loginCode() + "\n", "--phone", "+15550010");
        dc.command("authRestarts", "count", 0);
        assertThat(r.exit).as(r.toString()).isEqualTo(2);
        assertThat(r.err)
                .contains("Telegram asked to restart the login 3 times in a row")
                .contains("run `chatgeist login` again");
        assertThat(CliRun.run(dc.env(home), "", "update").exit).isEqualTo(2);
    }

    @Test
    void authRestartOnSignInSendsANewCodeAndAsksForIt(@TempDir Path home) throws Exception {
        dc.command("fault", "kind", "error", "method", "auth.SignIn", "code", 500, "error", "AUTH_RESTART");
        dc.command("resetStats");
        CliRun r = login(home, dc.loginCode() + "\n" + dc.loginCode() + "\n", "--phone", "+15550001");
        dc.command("clearFaults");
        assertThat(r.exit).as(r.toString()).isZero();
        assertThat(requests("auth.SendCode")).isEqualTo(2);
        assertThat(requests("auth.SignIn")).isEqualTo(2);
        assertThat(r.err).doesNotContain("AUTH_RESTART");
    }

    @Test
    void aCodeSentToTheLoginEmailIsAskedWithWhereItWentAndSignsInAsEmailVerification(@TempDir Path home) {
        // the stand-in refuses the e-mail code as phone_code: only auth.signIn's email_verification signs in
        CliRun r = login(home, "000111\n" + emailLoginCode + "\n", "--phone", "+15550011");
        assertThat(r.exit).as(r.toString()).isZero();
        assertThat(r.err)
                .contains("to the account's login e-mail address j***@g***.com")
                .contains("That code is wrong");
        assertThat(r.out).contains("Logged in as User5 Family5");
    }

    @Test
    void loginEmailSetupRunsInTelegramsOrderWithEveryAnswerPipedAtOnce(@TempDir Path home) throws Exception {
        String verify = dc.command("loginInfo").path("emailVerifyCode").asText();
        String expired = dc.command("loginInfo").path("emailExpiredCode").asText();
        dc.command("resetStats");
        String stdin = String.join(
                "\n", "not-an-address", "jane@example.org", expired, verify, emailLoginCode, "setup pw", "");
        CliRun r = login(home, stdin, "--phone", "+15550012");
        assertThat(r.exit).as(r.toString()).isZero();
        assertThat(r.out).contains("Logged in as User10 Family10");
        String err = r.err;
        List<String> inOrder = List.of(
                "set up a login e-mail address",
                "E-mail address for logging in",
                "does not accept that address (EMAIL_INVALID)",
                "Verification code Telegram sent to j***@e***.org",
                "That verification code has expired; Telegram is sending a new one.",
                "The login e-mail address jane@example.org is set up.",
                "login code (6 characters) to the account's login e-mail address j***@e***.org",
                "Login code: ",
                "Two-step verification password (hint: setup)");
        int at = -1;
        for (String s : inOrder) {
            int next = err.indexOf(s, at + 1);
            assertThat(next)
                    .as("'" + s + "' after the previous prompt in:\n" + err)
                    .isGreaterThan(at);
            at = next;
        }
        assertThat(r.all()).doesNotContain("setup pw");
        assertThat(requests("account.SendVerifyEmailCode")).isEqualTo(3);
        assertThat(requests("account.VerifyEmail")).isEqualTo(2);
    }

    @Test
    void resendWaitsForTheTimeoutThenGetsTheCodeTheNextWayAndSaysWhenThereIsNoOtherWay(@TempDir Path home)
            throws Exception {
        dc.command("resetStats");
        CliRun r = login(home, "resend\nresend\n" + dc.loginCode() + "\n", "--phone", "+15550013");
        assertThat(r.exit).as(r.toString()).isZero();
        assertThat(r.err)
                .contains("Telegram sent the login code (5 digits) by SMS to +15550013. Type `resend` to get it by a "
                        + "phone call instead (possible in 2 s).")
                .contains("Telegram allows sending the code by a phone call in ")
                .contains("Telegram is calling +15550013; the call tells the login code (5 digits).")
                .contains("Telegram offers no other way to send this code");
        assertThat(dc.command("loginInfo").path("earlyResends").asInt())
                .as("resends before the timeout")
                .isZero();
        assertThat(requests("auth.ResendCode")).isEqualTo(1);
        assertThat(r.out).contains("Logged in as User15 Family15");
    }

    @Test
    void aFragmentCodeSaysWhereToReadIt(@TempDir Path home) {
        CliRun r = login(home, dc.loginCode() + "\n", "--phone", "+15550014");
        assertThat(r.exit).as(r.toString()).isZero();
        assertThat(r.err).contains("Fragment account: open https://fragment.com/number/88801234567/code");
    }

    @Test
    void qrLoginShowsAScannableCodeAndTheSavedSessionUpdates(@TempDir Path home) throws Exception {
        Running login = Running.start(dc.env(home), "", "login", "--qr");
        String url = login.await(out -> URL.matcher(out).find() && out.contains("Waiting for the scan"));
        List<String> qr = lastQr(login.err());
        assertThat(QrText.decode(qr)).isEqualTo(url);
        assertThat(qr).allSatisfy(line -> assertThat(line).hasSize(qr.get(0).length()));
        assertThat(qr.get(0)).as("quiet zone above").matches("█+");
        assertThat(login.err()).doesNotContain("Phone number").doesNotContain("Login code");

        assertThat(dc.command("scanQr", "url", url, "phone", "+15550001")
                        .path("accepted")
                        .asBoolean())
                .isTrue();
        assertThat(login.exit()).as(login.toString()).isZero();
        assertThat(login.out()).contains("Logged in as Alice Archivist (@alice_archivist)");

        assertThat(CliRun.run(dc.env(home), "", "chats", "add", "big", "@bigchat").exit)
                .isZero();
        CliRun update = CliRun.run(dc.env(home), "", "update", "--limit", "250");
        assertThat(update.exit).as(update.toString()).isZero();
        Path expected = home.resolve("expected.jsonl");
        dc.command("expected", "chat", "bigchat", "file", expected.toString());
        assertThat(ArchiveRows.archive(home.resolve("databases/big.db")))
                .isEqualTo(ArchiveRows.expected(expected).subList(0, 250));
    }

    @Test
    void anExpiredQrCodeIsReplacedAndOnlyTheNewOneLogsIn(@TempDir Path home) throws Exception {
        dc.command("qrTtl", "seconds", 3);
        Running login = Running.start(dc.env(home), "", "login", "--qr");
        try {
            String first = login.await(out -> URL.matcher(out).find());
            dc.command("qrTtl", "seconds", 30);
            String second = login.await(out -> out.contains("The QR code expired; here is a new one.")
                    && urls(out).size() == 2);
            assertThat(second).isNotEqualTo(first);
            assertThat(QrText.decode(lastQr(login.err()))).isEqualTo(second);
            assertThat(dc.command("scanQr", "url", first, "phone", "+15550001")
                            .path("error")
                            .asText())
                    .isEqualTo("AUTH_TOKEN_EXPIRED");
            assertThat(dc.command("scanQr", "url", second, "phone", "+15550001")
                            .path("accepted")
                            .asBoolean())
                    .isTrue();
            assertThat(login.exit()).as(login.toString()).isZero();
        } finally {
            dc.command("qrTtl", "seconds", 30);
        }
    }

    @Test
    void qrLoginOfAnAccountOnAnotherDcImportsTheTokenThere(@TempDir Path home) throws Exception {
        Running login = Running.start(dc.env(home), "", "login", "--qr");
        String url = login.await(out -> URL.matcher(out).find());
        dc.command("resetStats");
        dc.command("scanQr", "url", url, "phone", "+15550003");
        assertThat(login.exit()).as(login.toString()).isZero();
        assertThat(login.out()).contains("Logged in as Carol Migrant");
        assertThat(requests("auth.ImportLoginToken")).isEqualTo(1);
        assertThat(Files.readString(home.resolve("telegram.session"))).contains("\"home_dc\" : 2");
        assertThat(Files.readString(home.resolve("logs/login.log"))).contains("event=migrate from_dc=1 to_dc=2");
        assertThat(CliRun.run(dc.env(home), "", "chats", "add", "big", "@bigchat").exit)
                .isZero();
        CliRun update = CliRun.run(dc.env(home), "", "update", "--limit", "10");
        assertThat(update.exit).as(update.toString()).isZero();
    }

    @Test
    void qrLoginAsksTheTwoStepPasswordAfterTheScan(@TempDir Path home) throws Exception {
        Running login = Running.start(dc.env(home), "not it\ncorrect horse battery\n", "login", "--qr");
        String url = login.await(out -> URL.matcher(out).find());
        assertThat(login.err()).doesNotContain("Two-step verification password");
        dc.command("scanQr", "url", url, "phone", "+15550002");
        assertThat(login.exit()).as(login.toString()).isZero();
        assertThat(login.err()).contains("hint: four words").contains("That password is wrong; try again.");
        assertThat(login.out()).contains("Logged in as Bob");
        assertThat(login.toString()).doesNotContain("correct horse battery");
    }

    @Test
    void qrAndPhoneTogetherAreRefusedWithTheFix(@TempDir Path home) {
        CliRun r = login(home, "", "--qr", "--phone", "+15550001");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("give either --qr or --phone, not both");
    }

    private static List<String> urls(String text) {
        List<String> all = new ArrayList<>();
        Matcher m = URL.matcher(text);
        while (m.find()) {
            if (!all.contains(m.group())) {
                all.add(m.group());
            }
        }
        return all;
    }

    /** The last block of half-block lines printed: the QR code on screen. */
    private static List<String> lastQr(String err) {
        List<String> block = new ArrayList<>();
        List<String> last = List.of();
        for (String line : err.split("\n", -1)) {
            if (!line.isEmpty() && line.matches("[█▀▄ ]+")) {
                block.add(line);
            } else if (!block.isEmpty()) {
                last = block;
                block = new ArrayList<>();
            }
        }
        return block.isEmpty() ? last : block;
    }

    /** The real CLI on its own thread, its output readable while it runs (a user watching the terminal). */
    static final class Running {
        private final StringWriter out = new StringWriter();
        private final StringWriter err = new StringWriter();
        private CompletableFuture<Integer> exit;

        static Running start(Map<String, String> env, String stdin, String... args) {
            Running r = new Running();
            Cli cli = new Cli(
                    env,
                    new BufferedReader(new StringReader(stdin)),
                    new PrintWriter(r.out, true),
                    new PrintWriter(r.err, true),
                    false,
                    ZoneOffset.UTC,
                    Main.TELEGRAM);
            r.exit = CompletableFuture.supplyAsync(() -> Main.run(cli, args));
            return r;
        }

        String out() {
            return out.toString();
        }

        String err() {
            return err.toString();
        }

        /** Waits until standard error satisfies {@code ready}; returns the last tg:// link shown. */
        String await(Predicate<String> ready) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!ready.test(err())) {
                assertThat(exit.isDone()).as("the login ended early: " + this).isFalse();
                assertThat(System.nanoTime())
                        .as("waiting for the QR code: " + this)
                        .isLessThan(deadline);
                Thread.sleep(50);
            }
            List<String> all = urls(err());
            return all.get(all.size() - 1);
        }

        int exit() throws Exception {
            return exit.get(60, TimeUnit.SECONDS);
        }

        @Override
        public String toString() {
            return "--- out\n" + out() + "--- err\n" + err();
        }
    }
}
