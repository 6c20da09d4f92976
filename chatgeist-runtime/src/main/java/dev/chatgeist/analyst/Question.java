package dev.chatgeist.analyst;

import java.util.List;

/**
 * What an analyst gets: the system prompt (base + skill), earlier turns of this conversation (oldest first), the
 * question, and the databases (aliases) it may query — the first is the default.
 */
public record Question(String systemPrompt, List<Turn> history, String text, List<String> databases) {
    public Question {
        history = List.copyOf(history);
        databases = List.copyOf(databases);
        if (databases.isEmpty()) {
            throw new IllegalArgumentException("a question needs at least one database");
        }
    }

    /** One earlier exchange of the reply chain. */
    public record Turn(String question, String answer) {}
}
