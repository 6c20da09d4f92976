package dev.chatgeist.bot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bot's own state in {@code bot.db} (SQLite, in the home): questions asked per user and day, each user's
 * chosen chat, and every answer sent (so that a reply to it continues the conversation, across restarts too).
 */
public final class BotStore implements AutoCloseable {
    /** An answer the bot sent: what was asked, what was answered, on which chats, and what it replied to. */
    public record StoredAnswer(
            long chatId,
            int messageId,
            String question,
            String answer,
            List<String> databases,
            Integer parentMessageId) {}

    private final Connection db;

    private BotStore(Connection db) {
        this.db = db;
    }

    public static BotStore open(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                // WAL + NORMAL: a crash of the bot loses nothing; a power cut may lose the last few counters
                st.execute("PRAGMA synchronous=NORMAL");
                st.execute("PRAGMA busy_timeout=10000");
                st.execute("CREATE TABLE IF NOT EXISTS usage (user_id INTEGER NOT NULL, day TEXT NOT NULL, "
                        + "questions INTEGER NOT NULL, PRIMARY KEY (user_id, day))");
                st.execute("CREATE TABLE IF NOT EXISTS user_chat (user_id INTEGER PRIMARY KEY, alias TEXT NOT NULL)");
                st.execute("CREATE TABLE IF NOT EXISTS answers (chat_id INTEGER NOT NULL, message_id INTEGER NOT NULL, "
                        + "question TEXT NOT NULL, answer TEXT NOT NULL, databases TEXT NOT NULL, "
                        + "parent_message_id INTEGER, created INTEGER NOT NULL, PRIMARY KEY (chat_id, message_id))");
            }
            return new BotStore(c);
        } catch (Exception e) {
            throw new dev.chatgeist.core.UserException(
                    "cannot open the bot's state " + file + ": " + e.getMessage()
                            + "; check that the home directory is writable",
                    e);
        }
    }

    /** Questions {@code user} asked on {@code day}. */
    public synchronized int used(long user, LocalDate day) {
        try (PreparedStatement ps = db.prepareStatement("SELECT questions FROM usage WHERE user_id = ? AND day = ?")) {
            ps.setLong(1, user);
            ps.setString(2, day.toString());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("bot.db: " + e.getMessage(), e);
        }
    }

    /** Counts one question if the user is under {@code limit} today; false when the limit is reached. */
    public synchronized boolean tryConsume(long user, LocalDate day, int limit) {
        if (used(user, day) >= limit) {
            return false;
        }
        update(
                "INSERT INTO usage (user_id, day, questions) VALUES (?, ?, 1) "
                        + "ON CONFLICT(user_id, day) DO UPDATE SET questions = questions + 1",
                user,
                day.toString());
        return true;
    }

    /** Gives a question back (it was cancelled before it ran, or failed through no fault of the user). */
    public synchronized void refund(long user, LocalDate day) {
        update(
                "UPDATE usage SET questions = MAX(0, questions - 1) WHERE user_id = ? AND day = ?",
                user,
                day.toString());
    }

    public synchronized Optional<String> chosenChat(long user) {
        try (PreparedStatement ps = db.prepareStatement("SELECT alias FROM user_chat WHERE user_id = ?")) {
            ps.setLong(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("bot.db: " + e.getMessage(), e);
        }
    }

    public synchronized void chooseChat(long user, String alias) {
        update(
                "INSERT INTO user_chat (user_id, alias) VALUES (?, ?) ON CONFLICT(user_id) DO UPDATE SET alias = excluded.alias",
                user,
                alias);
    }

    public synchronized void saveAnswer(StoredAnswer a) {
        update(
                "INSERT OR REPLACE INTO answers (chat_id, message_id, question, answer, databases, parent_message_id, "
                        + "created) VALUES (?, ?, ?, ?, ?, ?, ?)",
                a.chatId(),
                a.messageId(),
                a.question(),
                a.answer(),
                String.join(",", a.databases()),
                a.parentMessageId(),
                System.currentTimeMillis() / 1000);
    }

    public synchronized Optional<StoredAnswer> answer(long chatId, int messageId) {
        try (PreparedStatement ps = db.prepareStatement("SELECT question, answer, databases, parent_message_id "
                + "FROM answers WHERE chat_id = ? AND message_id = ?")) {
            ps.setLong(1, chatId);
            ps.setInt(2, messageId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                int parent = rs.getInt(4);
                Integer parentId = rs.wasNull() ? null : parent;
                return Optional.of(new StoredAnswer(
                        chatId,
                        messageId,
                        rs.getString(1),
                        rs.getString(2),
                        List.of(rs.getString(3).split(",")),
                        parentId));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("bot.db: " + e.getMessage(), e);
        }
    }

    /** The conversation that ends with the answer {@code messageId}, oldest first, at most {@code max} turns. */
    public List<StoredAnswer> chain(long chatId, int messageId, int max) {
        List<StoredAnswer> out = new ArrayList<>();
        Integer next = messageId;
        while (next != null && out.size() < max) {
            Optional<StoredAnswer> a = answer(chatId, next);
            if (a.isEmpty()) {
                break;
            }
            out.add(0, a.get());
            next = a.get().parentMessageId();
        }
        return out;
    }

    private void update(String sql, Object... args) {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("bot.db: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // closing: nothing left to lose, every change was committed
        }
    }
}
