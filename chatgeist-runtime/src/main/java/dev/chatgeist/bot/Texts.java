package dev.chatgeist.bot;

import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The bot's UI texts from the {@code i18n/messages} bundles (Ukrainian by default, English as a second language).
 * Texts are Telegram HTML; arguments are HTML-escaped before they are filled in.
 */
public final class Texts {
    private final ResourceBundle bundle;

    public Texts(Locale locale) {
        Locale chosen = locale.getLanguage().equals("en") ? Locale.ENGLISH : Locale.ROOT;
        this.bundle = ResourceBundle.getBundle(
                "i18n.messages",
                chosen,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** The text for {@code key} with {@code {0}}, {@code {1}}… replaced by the escaped arguments. */
    public String get(String key, Object... args) {
        String s = bundle.getString(key);
        for (int i = 0; i < args.length; i++) {
            s = s.replace("{" + i + "}", escape(String.valueOf(args[i])));
        }
        return s;
    }

    /** The text without HTML tags and entities, for places that show plain text (button labels, alerts). */
    public String plain(String key, Object... args) {
        return TelegramHtml.toPlain(get(key, args));
    }

    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
