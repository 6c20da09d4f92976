package dev.chatgeist.telegram.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class QrTerminalTest {
    @Test
    void loginLinksOfEveryTokenLengthDecodeBackFromTheHalfBlocks() throws Exception {
        for (int length : new int[] {1, 16, 32, 48, 64}) {
            byte[] token = new byte[length];
            for (int i = 0; i < length; i++) {
                token[i] = (byte) (i * 37 + length);
            }
            String url = QrLogin.url(token);
            List<String> lines = QrTerminal.render(url);
            assertThat(QrText.decode(lines)).isEqualTo(url);
        }
    }

    @Test
    void theCodeHasAQuietZoneOfLightModulesAllRound() {
        List<String> lines = QrTerminal.render("tg://login?token=AQID");
        // one text line holds two module rows: the 2-module quiet zone is one full line of light above
        assertThat(lines.get(0)).matches("█+");
        for (String line : lines) {
            assertThat(line).hasSize(lines.get(0).length());
            assertThat(line.substring(0, QrTerminal.QUIET_ZONE)).isEqualTo("██");
            assertThat(line.substring(line.length() - QrTerminal.QUIET_ZONE)).isEqualTo("██");
        }
        // a QR code is 17 + 4 × version modules wide, plus the quiet zone: an odd number of rows, so the last
        // line's lower half is light paper below the code
        int rows = lines.size() * 2 - 1;
        assertThat((rows - 2 * QrTerminal.QUIET_ZONE - 17) % 4).isZero();
        assertThat(lines.get(0).length()).isEqualTo(rows);
        assertThat(lines.get(lines.size() - 1)).matches("[█▀]+");
    }

    @Test
    void theLinkIsBase64UrlWithoutPadding() {
        assertThat(QrLogin.url(new byte[] {(byte) 0xfb, (byte) 0xff, 0x01, 0x02}))
                .isEqualTo("tg://login?token=-_8BAg");
    }
}
