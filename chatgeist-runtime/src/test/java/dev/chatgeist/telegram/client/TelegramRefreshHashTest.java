package dev.chatgeist.telegram.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.telegram.tl.api.Message;
import dev.chatgeist.telegram.tl.api.PeerChannel;
import dev.chatgeist.telegram.tl.api.TypeMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The page hash of https://core.telegram.org/api/offsets#hash-generation. The expected values were computed by the
 * stand-in's independent BigInt implementation ({@code node -e 'require("./standin-refresh").foldHash([...])'}).
 */
class TelegramRefreshHashTest {
    @Test
    void theFoldIsTelegramsUnsignedShiftXorAddOverSixtyFourBits() {
        long hash = 0;
        for (long v : new long[] {1, 0, 100}) {
            hash = TelegramRefresh.fold(hash, v);
        }
        assertThat(hash).isEqualTo(565_151_258_394_789L);
        hash = 0;
        for (long v : new long[] {5, 7, 9, 11}) {
            hash = TelegramRefresh.fold(hash, v);
        }
        assertThat(hash).as("wraps around and turns negative as a signed long").isEqualTo(-3_550_329_333_386_706_145L);
    }

    @Test
    void aPageHashesEachMessagesIdEditDateAndDateInTheOrderServed() {
        Message plain = Message.of(1, PeerChannel.of(5), 100, "hello");
        Message edited = Message.of(2, PeerChannel.of(5), 200, "edited").withEditDate(300);
        long expected = 0;
        for (long v : new long[] {2, 300, 200, 1, 0, 100}) {
            expected = TelegramRefresh.fold(expected, v);
        }
        assertThat(TelegramRefresh.historyHash(List.<TypeMessage>of(edited, plain)))
                .isEqualTo(expected);
        assertThat(TelegramRefresh.historyHash(List.<TypeMessage>of(plain, edited)))
                .as("another order is another page")
                .isNotEqualTo(expected);
        assertThat(TelegramRefresh.historyHash(List.<TypeMessage>of(edited.withEditDate(301), plain)))
                .as("an edit changes the hash")
                .isNotEqualTo(expected);
    }
}
