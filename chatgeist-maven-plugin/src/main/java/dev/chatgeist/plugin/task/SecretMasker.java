package dev.chatgeist.plugin.task;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides secrets in anything printed: the literal values it was given (e.g. from the local {@code .env}), the
 * values of {@code KEY=value} lines whose key looks secret, JSON token fields and Anthropic-style tokens.
 */
public final class SecretMasker {
    public static final String MASK = "********";
    private static final Pattern SECRET_ASSIGNMENT = Pattern.compile(
            "(?im)^([+\\- ]?\\s*(?:export\\s+)?[A-Z0-9_]*(?:TOKEN|SECRET|PASSWORD|PASSWD|PASS|HASH|API_KEY|"
                    + "PRIVATE_KEY|CREDENTIALS)[A-Z0-9_]*\\s*=\\s*)(\\S.*)$");
    private static final Pattern JSON_TOKEN = Pattern.compile(
            "(\"(?:accessToken|refreshToken|access_token|refresh_token|token|password|secret)\"\\s*:\\s*\")[^\"]*(\")");
    private static final Pattern ANTHROPIC = Pattern.compile("sk-ant-[A-Za-z0-9_\\-]{8,}");

    private final List<String> secrets;

    public SecretMasker(Collection<String> secrets) {
        List<String> s = new ArrayList<>();
        for (String v : secrets) {
            if (v != null && v.strip().length() >= 6) {
                s.add(v.strip());
            }
        }
        s.sort(Comparator.comparingInt(String::length).reversed());
        this.secrets = List.copyOf(s);
    }

    public static SecretMasker none() {
        return new SecretMasker(List.of());
    }

    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, MASK);
        }
        out = SECRET_ASSIGNMENT.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
        out = JSON_TOKEN.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + m.group(2)));
        out = ANTHROPIC.matcher(out).replaceAll(MASK);
        return out;
    }

    /**
     * The values of {@code KEY=value} lines of an env-style text (quotes stripped), to mask them wherever they
     * show up. Only for masking: reading and writing {@code .env} belongs to chatgeist-core's DotEnv.
     */
    public static List<String> envValues(String envText) {
        List<String> out = new ArrayList<>();
        for (String line : envText.split("\\R")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String v = l.substring(eq + 1).strip();
            if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
                v = v.substring(1, v.length() - 1);
            }
            out.add(v);
        }
        return out;
    }
}
