package dev.chatgeist.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.cli.CliRun;
import dev.chatgeist.telegram.mtproto.RsaKey;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RSA key for the key exchange is chosen by the fingerprints the server offers in resPQ (the first one the
 * client knows), as TDLib does; the stand-in DC offers keys it does not have first, as a server rotating keys may.
 */
class TelegramNetworkKeysTest {
    @RegisterExtension
    static final StandinDcExtension STANDIN = new StandinDcExtension(100, 10);

    /** Fingerprints no client knows (signed decimal, as TL's long). */
    static final List<String> UNKNOWN = List.of("1234567890123456789", "-987654321987654321");

    static StandinDc dc;

    @BeforeAll
    static void start() {
        dc = STANDIN.dc();
    }

    @Test
    void theFirstOfferedKeyTheClientKnowsIsUsed(@TempDir Path home) throws Exception {
        dc.command("offerKeys", "unknown", UNKNOWN);
        try {
            CliRun r = CliRun.run(dc.env(home), dc.loginCode() + "\n", "login", "--phone", "+15550001");
            assertThat(r.exit).as(r.toString()).isZero();
        } finally {
            dc.command("offerKeys", "unknown", List.of());
        }
    }

    @Test
    void whenNoOfferedKeyIsKnownTheErrorNamesTheOfferedAndTheKnownFingerprints(@TempDir Path home) throws Exception {
        dc.command("offerKeys", "unknown", UNKNOWN, "own", false);
        try {
            CliRun r = CliRun.run(dc.env(home), dc.loginCode() + "\n", "login", "--phone", "+15550001");
            assertThat(r.exit).isNotZero();
            assertThat(r.err)
                    .contains("offered no RSA key that this client trusts")
                    .contains(String.format("0x%016x", Long.parseLong(UNKNOWN.get(0))))
                    .contains(String.format("0x%016x", Long.parseLong(UNKNOWN.get(1))))
                    .contains("0xd09d1d85de64fd85")
                    .contains("TELEGRAM_SERVER_KEY");
        } finally {
            dc.command("offerKeys", "unknown", List.of());
        }
    }

    @Test
    void theBuiltInKeysAreTheOnesTdlibAndTelegramDesktopAccept() {
        // production (TDLib PublicRsaKeySharedMain, tdesktop kPublicRSAKeys) and test DCs (kTestPublicRSAKeys)
        assertThat(RsaKey.builtIn().stream().map(RsaKey::fingerprint))
                .containsExactly(0xd09d1d85de64fd85L, 0xb25898df208d2603L);
        assertThat(RsaKey.builtIn()).allMatch(k -> k.exponent().intValue() == 65537);
        assertThat(RsaKey.builtIn()).allMatch(k -> k.modulus().bitLength() == 2048);
    }
}
