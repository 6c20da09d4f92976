package dev.chatgeist.source;

import dev.chatgeist.archive.IdOffsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * What a source saw: rows delivered, lines skipped because they carry no id (the Python converter skipped them too),
 * and problems (malformed lines), each with its line number. The first {@link #KEPT} problems are kept verbatim.
 */
public final class SourceReport {
    public static final int KEPT = 50;

    private long delivered;
    private long skipped;
    private long problems;
    private final List<String> firstProblems = new ArrayList<>();
    private IdOffsets idOffsets;

    public void delivered() {
        delivered++;
    }

    public void skipped() {
        skipped++;
    }

    public void problem(String message) {
        problems++;
        if (firstProblems.size() < KEPT) {
            firstProblems.add(message);
        }
    }

    /** Adds another report's counts (several files imported into one chat). */
    public void addAll(SourceReport other) {
        delivered += other.delivered;
        skipped += other.skipped;
        problems += other.problems;
        for (String p : other.firstProblems) {
            if (firstProblems.size() < KEPT) {
                firstProblems.add(p);
            }
        }
    }

    /** Which Telegram chat the delivered ids belong to (recorded in the archive by the engine). */
    public void idOffsets(IdOffsets ids) {
        idOffsets = ids;
    }

    public Optional<IdOffsets> idOffsets() {
        return Optional.ofNullable(idOffsets);
    }

    public long deliveredCount() {
        return delivered;
    }

    public long skippedCount() {
        return skipped;
    }

    public long problemCount() {
        return problems;
    }

    public List<String> firstProblems() {
        return Collections.unmodifiableList(firstProblems);
    }
}
