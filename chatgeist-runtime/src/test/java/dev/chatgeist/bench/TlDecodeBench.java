package dev.chatgeist.bench;

import dev.chatgeist.telegram.tl.TlObject;
import dev.chatgeist.telegram.tl.TlReader;
import dev.chatgeist.telegram.tl.TlSchema;
import dev.chatgeist.telegram.tl.TlWriter;
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
    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        TlSchema s = TlSchema.load();
        byte[] page = TlWriter.serialize(page(s, new Random(7)));
        System.out.printf("page: %d bytes, sha256 %s%n", page.length, sha256(page).substring(0, 16));
        run(s, page, seconds / 3); // warm-up
        long pages = 0;
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
        System.out.printf("decoded %d pages in %.1f s: %.0f pages/s (%.0f messages/s) [%d]%n", pages, elapsed,
                pages / elapsed, pages * 100 / elapsed, sink & 1);
    }

    private static void run(TlSchema s, byte[] page, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            new TlReader(s, page).readObject();
        }
    }

    static TlObject page(TlSchema s, Random r) {
        List<Object> users = new ArrayList<>();
        for (int u = 0; u < 20; u++) {
            users.add(s.make("user", "id", 1_000_000L + u, "access_hash", r.nextLong(), "first_name", "Name" + u,
                    "last_name", u % 3 == 0 ? "Фамилия" : null, "username", u % 2 == 0 ? "user_" + u : null,
                    "photo", s.make("userProfilePhoto", "photo_id", r.nextLong(), "dc_id", 2),
                    "status", s.make("userStatusRecently", "by_me", null)));
        }
        List<Object> messages = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int id = 50_000 - i;
            List<Object> entities = new ArrayList<>();
            if (i % 3 == 0) {
                entities.add(s.make("messageEntityBold", "offset", 0, "length", 5));
                entities.add(s.make("messageEntityTextUrl", "offset", 6, "length", 10, "url", "https://example.org/" + i));
            }
            List<Object> reactions = new ArrayList<>();
            reactions.add(s.make("reactionCount", "reaction", s.make("reactionEmoji", "emoticon", "👍"),
                    "count", 1 + r.nextInt(300)));
            if (i % 2 == 0) {
                reactions.add(s.make("reactionCount", "reaction", s.make("reactionCustomEmoji",
                        "document_id", r.nextLong()), "count", 1 + r.nextInt(50)));
            }
            TlObject media = null;
            if (i % 5 == 0) {
                media = s.make("messageMediaPhoto", "photo", s.make("photo", "id", r.nextLong(),
                        "access_hash", r.nextLong(), "file_reference", bytes(r, 29), "date", 1_700_000_000 + i,
                        "sizes", List.of(s.make("photoStrippedSize", "type", "i", "bytes", bytes(r, 120)),
                                s.make("photoSize", "type", "m", "w", 320, "h", 240, "size", 20_000 + i),
                                s.make("photoSizeProgressive", "type", "y", "w", 1280, "h", 960,
                                        "sizes", List.of(8000, 30000, 90000))), "dc_id", 2));
            }
            String text = ("Повідомлення " + i + " with some text 👋 ").repeat(1 + r.nextInt(8));
            messages.add(s.make("message", "id", id,
                    "from_id", s.make("peerUser", "user_id", 1_000_000L + r.nextInt(20)),
                    "peer_id", s.make("peerChannel", "channel_id", 1_500_000_001L),
                    "reply_to", i % 5 == 1 ? s.make("messageReplyHeader", "reply_to_msg_id", id - 3) : null,
                    "date", 1_700_000_000 + id, "message", text, "media", media,
                    "entities", entities.isEmpty() ? null : entities,
                    "views", 100 + r.nextInt(10_000), "forwards", r.nextInt(50),
                    "edit_date", i % 7 == 0 ? 1_700_100_000 : null,
                    "reactions", i % 4 == 3 ? null : s.make("messageReactions", "results", reactions)));
        }
        TlObject channel = s.make("channel", "id", 1_500_000_001L, "access_hash", r.nextLong(), "title", "Big Chat",
                "username", "bigchat", "photo", s.make("chatPhotoEmpty"), "date", 1_600_000_000, "megagroup", true,
                "participants_count", 12_345);
        return s.make("messages.channelMessages", "pts", 90_000, "count", 50_000, "messages", messages,
                "topics", List.of(), "chats", List.of(channel), "users", users);
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
