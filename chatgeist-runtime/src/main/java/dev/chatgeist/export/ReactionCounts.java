package dev.chatgeist.export;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a row's {@code reactions_detail} ({@code "👍 (10), ❤️ (5)"}) back into the dump's {@code reactions_counts}
 * object, from which the Python converter and {@code import} rebuild both {@code reactions_count} and the detail.
 */
final class ReactionCounts {
    /** One "key (count)" entry; counts are whole numbers, or True/False where a dump held booleans. */
    private static final Pattern ENTRY = Pattern.compile("(.+?) \\((-?\\d+|True|False)\\)(?:, |$)", Pattern.DOTALL);

    private ReactionCounts() {}

    /**
     * The counts in detail order, or empty when {@code detail} and {@code total} cannot come from any object (an
     * import would then store different values). Values are Long or Boolean, as the dump held them.
     */
    static Optional<Map<String, Object>> parse(String detail, Object total) {
        Map<String, Object> counts = new LinkedHashMap<>();
        if (detail == null || detail.isEmpty()) {
            return isZero(total) ? Optional.of(counts) : Optional.empty();
        }
        Matcher m = ENTRY.matcher(detail);
        int at = 0;
        long sum = 0;
        StringBuilder rebuilt = new StringBuilder();
        while (at < detail.length() && m.find(at) && m.start() == at) {
            String count = m.group(2);
            Object value = switch (count) {
                case "True" -> Boolean.TRUE;
                case "False" -> Boolean.FALSE;
                default -> Long.parseLong(count);
            };
            if (counts.put(m.group(1), value) != null) {
                return Optional.empty(); // a key twice: an object can hold it once only
            }
            sum += value instanceof Long l ? l : (Boolean) value ? 1 : 0;
            rebuilt.append(rebuilt.length() > 0 ? ", " : "")
                    .append(m.group(1))
                    .append(" (")
                    .append(count)
                    .append(')');
            at = m.end();
        }
        boolean sameText = at == detail.length() && rebuilt.toString().equals(detail);
        return sameText && total instanceof Number n && n.longValue() == sum && !(total instanceof Double)
                ? Optional.of(counts)
                : Optional.empty();
    }

    private static boolean isZero(Object total) {
        return total instanceof Number n && !(total instanceof Double) && n.longValue() == 0;
    }
}
