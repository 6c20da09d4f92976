package dev.chatgeist.bench;

import dev.chatgeist.telegram.tl.TlObject;
import dev.chatgeist.telegram.tl.TlReader;
import dev.chatgeist.telegram.tl.TlSchema;
import dev.chatgeist.telegram.tl.TlWriter;
import dev.chatgeist.telegram.tl.api.Channel;
import dev.chatgeist.telegram.tl.api.ChatPhotoEmpty;
import dev.chatgeist.telegram.tl.api.Message;
import dev.chatgeist.telegram.tl.api.MessageEntityBold;
import dev.chatgeist.telegram.tl.api.MessageEntityTextUrl;
import dev.chatgeist.telegram.tl.api.MessageMediaPhoto;
import dev.chatgeist.telegram.tl.api.MessageReactions;
import dev.chatgeist.telegram.tl.api.MessageReplyHeader;
import dev.chatgeist.telegram.tl.api.MessagesChannelMessages;
import dev.chatgeist.telegram.tl.api.PeerChannel;
import dev.chatgeist.telegram.tl.api.PeerUser;
import dev.chatgeist.telegram.tl.api.Photo;
import dev.chatgeist.telegram.tl.api.PhotoSize;
import dev.chatgeist.telegram.tl.api.PhotoSizeProgressive;
import dev.chatgeist.telegram.tl.api.PhotoStrippedSize;
import dev.chatgeist.telegram.tl.api.ReactionCount;
import dev.chatgeist.telegram.tl.api.ReactionCustomEmoji;
import dev.chatgeist.telegram.tl.api.ReactionEmoji;
import dev.chatgeist.telegram.tl.api.TypeMessage;
import dev.chatgeist.telegram.tl.api.TypeMessageEntity;
import dev.chatgeist.telegram.tl.api.TypeReactionCount;
import dev.chatgeist.telegram.tl.api.TypeUser;
import dev.chatgeist.telegram.tl.api.User;
import dev.chatgeist.telegram.tl.api.UserProfilePhoto;
import dev.chatgeist.telegram.tl.api.UserStatusRecently;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Benchmark (not a test): decoding of one realistic messages.getHistory answer (a messages.channelMessages page of
 * 100 messages with text, entities, replies, reactions, photos, 20 users and the channel) over and over; prints
 * pages/s. The page's SHA-256 is printed so runs on different commits can show they decoded the same bytes.
 * Run with bench/tl-decode-bench.sh.
 */
public final class TlDecodeBench {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        TlSchema s = TlSchema.load();
        byte[] page = TlWriter.serialize(page(new Random(7)));
        System.out.printf(
                "page: %d bytes, sha256 %s%n", page.length, sha256(page).substring(0, 16));
        run(s, page, seconds / 3); // warm-up
        long pages = 0;
        long cpuStart = CPU.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long sink = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 100; i++) {
                sink += new TlReader(s, page).readObject().hashCode();
            }
            pages += 100;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpu = (CPU.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        // per CPU second too: on a shared machine the wall-clock figure mostly measures the other processes
        System.out.printf(
                "decoded %d pages in %.1f s: %.0f pages/s wall, %.0f pages per CPU second (%.0f messages"
                        + "/CPU s) [%d]%n",
                pages, elapsed, pages / elapsed, pages / cpu, pages * 100 / cpu, sink & 1);
    }

    private static void run(TlSchema s, byte[] page, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            new TlReader(s, page).readObject();
        }
    }

    static TlObject page(Random r) {
        List<TypeUser> users = new ArrayList<>();
        for (int u = 0; u < 20; u++) {
            users.add(User.of(1_000_000L + u)
                    .withAccessHash(r.nextLong())
                    .withFirstName("Name" + u)
                    .withLastName(u % 3 == 0 ? "Фамилия" : null)
                    .withUsername(u % 2 == 0 ? "user_" + u : null)
                    .withPhoto(UserProfilePhoto.of(r.nextLong(), 2))
                    .withStatus(UserStatusRecently.of()));
        }
        List<TypeMessage> messages = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int id = 50_000 - i;
            List<TypeMessageEntity> entities = new ArrayList<>();
            if (i % 3 == 0) {
                entities.add(MessageEntityBold.of(0, 5));
                entities.add(MessageEntityTextUrl.of(6, 10, "https://example.org/" + i));
            }
            List<TypeReactionCount> reactions = new ArrayList<>();
            reactions.add(ReactionCount.of(ReactionEmoji.of("👍"), 1 + r.nextInt(300)));
            if (i % 2 == 0) {
                reactions.add(ReactionCount.of(ReactionCustomEmoji.of(r.nextLong()), 1 + r.nextInt(50)));
            }
            MessageMediaPhoto media = null;
            if (i % 5 == 0) {
                media = MessageMediaPhoto.of()
                        .withPhoto(Photo.of(
                                r.nextLong(),
                                r.nextLong(),
                                bytes(r, 29),
                                1_700_000_000 + i,
                                List.of(
                                        PhotoStrippedSize.of("i", bytes(r, 120)),
                                        PhotoSize.of("m", 320, 240, 20_000 + i),
                                        PhotoSizeProgressive.of("y", 1280, 960, List.of(8000, 30000, 90000))),
                                2));
            }
            String text = ("Повідомлення " + i + " with some text 👋 ").repeat(1 + r.nextInt(8));
            messages.add(Message.of(id, PeerChannel.of(1_500_000_001L), 1_700_000_000 + id, text)
                    .withFromId(PeerUser.of(1_000_000L + r.nextInt(20)))
                    .withReplyTo(i % 5 == 1 ? MessageReplyHeader.of().withReplyToMsgId(id - 3) : null)
                    .withMedia(media)
                    .withEntities(entities.isEmpty() ? null : entities)
                    .withViews(100 + r.nextInt(10_000))
                    .withForwards(r.nextInt(50))
                    .withEditDate(i % 7 == 0 ? 1_700_100_000 : null)
                    .withReactions(i % 4 == 3 ? null : MessageReactions.of(reactions)));
        }
        Channel channel = Channel.of(1_500_000_001L, "Big Chat", ChatPhotoEmpty.of(), 1_600_000_000)
                .withAccessHash(r.nextLong())
                .withUsername("bigchat")
                .withMegagroup(true)
                .withParticipantsCount(12_345);
        return MessagesChannelMessages.of(90_000, 50_000, messages, List.of(), List.of(channel), users);
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
