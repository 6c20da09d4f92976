package dev.chatgeist.core.secret;

import java.util.Collection;
import java.util.regex.Pattern;

/** Keeps tokens out of messages and logs: at most the last 4 characters of a token are ever shown. */
public final class Secrets {
    /** Anthropic OAuth and API tokens start like this; anything that looks like one is masked in relayed text. */
    private static final Pattern ANTHROPIC_TOKEN = Pattern.compile("sk-ant-[A-Za-z0-9_-]{6,}");

    private Secrets() {}

    /** "…wxyz" for a token long enough that 4 characters give nothing away, else "…". */
    public static String tail(String token) {
        if (token == null || token.length() < 16) {
            return "…";
        }
        return "…" + token.substring(token.length() - 4);
    }

    /** {@code text} with every known secret and every token-looking word replaced. */
    public static String scrub(String text, Collection<String> secrets) {
        if (text == null) {
            return "";
        }
        String out = text;
        for (String s : secrets) {
            if (s != null && s.length() >= 4) {
                out = out.replace(s, "[redacted]");
            }
        }
        return ANTHROPIC_TOKEN.matcher(out).replaceAll("sk-ant-[redacted]");
    }

    /** The last non-blank line of a program's output, scrubbed and shortened: enough to say what went wrong. */
    public static String lastLine(String output, Collection<String> secrets) {
        String[] lines = output.strip().split("\\R");
        String last = "";
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) {
                last = lines[i].strip();
                break;
            }
        }
        String s = scrub(last, secrets);
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
