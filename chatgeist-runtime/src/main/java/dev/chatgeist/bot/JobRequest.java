package dev.chatgeist.bot;

import dev.chatgeist.analyst.Question;
import java.util.List;

/**
 * A question ready for the analyst: where it was asked ({@code questionMessageId} in {@code chatId}), the answer it
 * replies to ({@code parentAnswerId}, or null), its text and skill, the chats to search and the conversation so far.
 */
record JobRequest(
        long chatId,
        long userId,
        int questionMessageId,
        Integer parentAnswerId,
        String text,
        Skill skill,
        List<String> databases,
        List<Question.Turn> history,
        long receivedNanos) {
    JobRequest {
        databases = List.copyOf(databases);
        history = List.copyOf(history);
    }
}
