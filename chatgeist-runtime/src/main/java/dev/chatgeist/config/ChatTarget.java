package dev.chatgeist.config;

import dev.chatgeist.core.UserException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a chat in {@code targets.json} points at: a public username, a private channel link
 * ({@code t.me/c/<id>/...}) or a numeric id in Telethon's marked form ({@code -100<id>} channels and
 * supergroups, {@code -<id>} basic groups, positive ids users).
 */
public sealed interface ChatTarget {
    /** The target as the user wrote it (kept verbatim in targets.json). */
    String text();

    /** A public chat by username ({@code @name}, {@code t.me/name}, {@code https://t.me/name/123}). */
    record Username(String text, String username) implements ChatTarget {}

    /** A channel or supergroup by its bare id, as in {@code t.me/c/<id>/<msg>}. */
    record Channel(String text, long channelId) implements ChatTarget {
        public long markedId() {
            return -1_000_000_000_000L - channelId;
        }
    }

    /** A marked numeric id: {@code -100<id>} channel, {@code -<id>} basic group, {@code <id>} user. */
    record NumericId(String text, long markedId) implements ChatTarget {}

    Pattern USERNAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{3,31}");
    Pattern LINK = Pattern.compile(
            "^(?:https?://)?(?:www\\.)?(?:t\\.me|telegram\\.me|telegram\\.dog)/(.+)$", Pattern.CASE_INSENSITIVE);
    Pattern NUMERIC = Pattern.compile("-?[0-9]{1,19}");
    String EXPECTED = "expected @username, a t.me link (t.me/name, t.me/c/1234567890/1) "
            + "or a numeric id such as -1001234567890";

    static ChatTarget parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new UserException("empty chat target: " + EXPECTED);
        }
        String text = raw.strip();
        if (text.startsWith("@")) {
            return username(text, text.substring(1));
        }
        Matcher link = LINK.matcher(text);
        if (link.matches()) {
            return fromLinkPath(text, link.group(1));
        }
        if (NUMERIC.matcher(text).matches()) {
            try {
                long id = Long.parseLong(text);
                if (id == 0) {
                    throw new UserException("invalid chat target '" + text + "': 0 is not a chat id; " + EXPECTED);
                }
                return new NumericId(text, id);
            } catch (NumberFormatException e) {
                throw new UserException("invalid chat target '" + text + "': number out of range; " + EXPECTED);
            }
        }
        if (USERNAME.matcher(text).matches()) {
            return new Username(text, text); // a bare username, as Telethon accepts it
        }
        throw new UserException("invalid chat target '" + text + "': " + EXPECTED);
    }

    private static ChatTarget fromLinkPath(String text, String path) {
        String clean = path.replaceAll("[?#].*$", "");
        String[] parts = clean.split("/");
        if (parts.length >= 2 && parts[0].equals("c")) {
            try {
                long id = Long.parseLong(parts[1]);
                if (id > 0) {
                    return new Channel(text, id);
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new UserException("invalid chat target '" + text + "': t.me/c/ must be followed by the "
                    + "channel's numeric id, e.g. t.me/c/1234567890/1");
        }
        String first = parts.length == 0 ? "" : parts[0];
        if (first.startsWith("+") || first.equalsIgnoreCase("joinchat")) {
            throw new UserException("invalid chat target '" + text + "': invite links cannot be archived "
                    + "directly; join the chat and use its numeric id (-100...) or @username instead");
        }
        if (first.equalsIgnoreCase("s") && parts.length >= 2) {
            first = parts[1]; // t.me/s/name: the public web preview of a channel
        }
        return username(text, first);
    }

    private static ChatTarget username(String text, String name) {
        if (!USERNAME.matcher(name).matches()) {
            throw new UserException("invalid chat target '" + text + "': a Telegram username has 4-32 letters, "
                    + "digits or '_' and starts with a letter; " + EXPECTED);
        }
        return new Username(text, name);
    }

    /** The public username if the target names one, for permalinks {@code https://t.me/<username>/<id>}. */
    default java.util.Optional<String> publicUsername() {
        return this instanceof Username u ? java.util.Optional.of(u.username()) : java.util.Optional.empty();
    }
}
