package dev.chatgeist.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.testing.Db;
import dev.chatgeist.testing.Shared;
import dev.chatgeist.testing.TestCli;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's figures, checked against the same figures computed by SQLite on a generated archive. */
class ChatStatsReaderTest {
    @TempDir
    static Path home;

    static Path db;

    @BeforeAll
    static void archive() throws Exception {
        Path dump = Shared.generate(
                home.resolve("d.jsonl"), "-n", "20000", "--seed", "5", "--days", "400", "--start-date", "2024-01-01");
        new TestCli(home).run("import", "--chat", "c", dump.toString());
        db = home.resolve("databases/c.db");
    }

    static ChatStats read(Optional<LocalDate> from, Optional<LocalDate> to, ZoneId zone) {
        return new ChatStatsReader().read("c", db, new ChatStatsReader.Period(from, to, zone));
    }

    @Test
    void totalsMonthsHoursAndSendersMatchSqlite() throws Exception {
        ChatStats s = read(Optional.empty(), Optional.empty(), ZoneOffset.UTC);
        String own = " FROM messages WHERE is_service = 0";
        assertThat(s.messages()).isEqualTo(Db.scalar(db, "SELECT COUNT(*)" + own));
        assertThat(s.service()).isEqualTo(Db.scalar(db, "SELECT COUNT(*) FROM messages WHERE is_service = 1"));
        assertThat(s.senders()).isEqualTo(Db.scalar(db, "SELECT COUNT(DISTINCT coalesce(sender_id, -1))" + own));
        assertThat(s.replies()).isEqualTo(Db.scalar(db, "SELECT COUNT(*)" + own + " AND reply_to_msg_id > 0"));
        assertThat(s.reactions()).isEqualTo(Db.scalar(db, "SELECT SUM(reactions_count)" + own));
        assertThat(s.months()).hasSizeGreaterThan(12);
        for (ChatStats.Month m : s.months()) {
            assertThat(m.messages())
                    .as(m.month().toString())
                    .isEqualTo(Db.scalar(
                            db,
                            "SELECT COUNT(*)" + own + " AND strftime('%Y-%m', timestamp, 'unixepoch') = '" + m.month()
                                    + "'"));
        }
        // Tuesday 14:00 UTC; strftime('%w') counts from Sunday = 0
        assertThat(s.weekdayHour(1, 14))
                .isEqualTo(
                        Db.scalar(
                                db,
                                "SELECT COUNT(*)" + own
                                        + " AND strftime('%w', timestamp, 'unixepoch') = '2' AND strftime('%H', timestamp, 'unixepoch') = '14'"));
        long total = 0;
        for (long v : s.weekdayHour()) {
            total += v;
        }
        assertThat(total).isEqualTo(s.messages());
        ChatStats.Sender top = s.topSenders().get(0);
        assertThat(top.messages())
                .isEqualTo(Db.scalar(db, "SELECT COUNT(*) AS n" + own + " GROUP BY sender_id ORDER BY n DESC LIMIT 1"));
        assertThat(top.name()).isNotBlank();
        long newTotal =
                s.months().stream().mapToLong(ChatStats.Month::newSenders).sum();
        assertThat(newTotal).isEqualTo(s.senders());
    }

    @Test
    void mostReactedAndThreadsAreTheArchivesOwn() throws Exception {
        ChatStats s = read(Optional.empty(), Optional.empty(), ZoneOffset.UTC);
        List<String> expected = Db.rows(
                db,
                "SELECT permalink FROM messages WHERE is_service = 0 " + "ORDER BY reactions_count DESC, id LIMIT 10");
        assertThat(s.mostReacted()).hasSize(10);
        assertThat(s.mostReacted().get(0).reactions())
                .isEqualTo(Db.scalar(db, "SELECT MAX(reactions_count) FROM messages WHERE is_service = 0"));
        assertThat(expected.get(0)).endsWith(s.mostReacted().get(0).permalink());
        // thread sizes by a recursive query: every reply under its topmost ancestor
        long biggest = Db.scalar(db, """
                WITH RECURSIVE chain(id, root) AS (
                  SELECT id, id FROM messages WHERE (reply_to_msg_id IS NULL OR reply_to_msg_id = 0
                    OR reply_to_msg_id NOT IN (SELECT id FROM messages WHERE is_service = 0)) AND is_service = 0
                  UNION ALL
                  SELECT m.id, chain.root FROM messages m JOIN chain ON m.reply_to_msg_id = chain.id
                  WHERE m.is_service = 0)
                SELECT COUNT(*) AS n FROM chain WHERE id != root GROUP BY root ORDER BY n DESC LIMIT 1""");
        assertThat(s.threads()).isNotEmpty();
        assertThat(s.threads().get(0).replies()).isEqualTo(biggest);
        assertThat(s.threads().get(0).participants()).isGreaterThan(1);
        assertThat(s.threads().get(0).root().permalink()).startsWith("https://t.me/");
    }

    @Test
    void aPeriodAndAZoneNarrowAndShiftTheFigures() throws Exception {
        ChatStats march = read(
                Optional.of(LocalDate.parse("2024-03-01")), Optional.of(LocalDate.parse("2024-03-31")), ZoneOffset.UTC);
        assertThat(march.messages())
                .isEqualTo(
                        Db.scalar(
                                db,
                                "SELECT COUNT(*) FROM messages WHERE is_service = 0 "
                                        + "AND timestamp >= strftime('%s', '2024-03-01') AND timestamp < strftime('%s', '2024-04-01')"));
        assertThat(march.months()).extracting(m -> m.month().toString()).containsExactly("2024-03");
        // Kyiv is UTC+2 in winter: 14:00 UTC on a Tuesday in January is 16:00 there
        ChatStats utc = read(
                Optional.of(LocalDate.parse("2024-01-01")), Optional.of(LocalDate.parse("2024-01-31")), ZoneOffset.UTC);
        ChatStats kyiv = read(
                Optional.of(LocalDate.parse("2024-01-01")),
                Optional.of(LocalDate.parse("2024-01-31")),
                ZoneId.of("Europe/Kyiv"));
        assertThat(kyiv.weekdayHour(1, 16))
                .isEqualTo(
                        Db.scalar(
                                db,
                                "SELECT COUNT(*) FROM messages WHERE is_service = 0 "
                                        + "AND strftime('%w', timestamp + 7200, 'unixepoch') = '2' "
                                        + "AND strftime('%H', timestamp + 7200, 'unixepoch') = '16' "
                                        + "AND timestamp >= strftime('%s', '2024-01-01') - 7200 AND timestamp < strftime('%s', '2024-02-01') - 7200"));
        assertThat(utc.messages()).isPositive();
        ChatStats none = read(Optional.of(LocalDate.parse("2030-01-01")), Optional.empty(), ZoneOffset.UTC);
        assertThat(none.messages()).isZero();
        assertThat(none.months()).isEmpty();
    }
}
