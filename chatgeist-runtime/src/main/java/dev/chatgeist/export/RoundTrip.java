package dev.chatgeist.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rows whose JSONL line would import as a different row, counted per reason with the first message id. */
final class RoundTrip {
    private record Count(long firstId, long rows) {}

    private final Map<String, Count> reasons = new LinkedHashMap<>();

    void differs(long id, String reason) {
        reasons.merge(reason, new Count(id, 1), (a, b) -> new Count(a.firstId(), a.rows() + 1));
    }

    /** One line per reason, for the user. */
    List<String> notes() {
        List<String> out = new ArrayList<>();
        reasons.forEach((reason, c) -> out.add(
                c.rows() + " row(s) will not import identically: " + reason + " (first: message " + c.firstId() + ")"));
        return out;
    }
}
