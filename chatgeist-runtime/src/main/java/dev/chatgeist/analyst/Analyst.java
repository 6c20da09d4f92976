package dev.chatgeist.analyst;

/**
 * Answers one question about the chat archives. Two real implementations: {@link ApiAnalyst} (Anthropic Messages
 * API with an SQL tool) and {@link DockerAnalyst} (the Claude CLI inside the sandbox container).
 */
public interface Analyst {
    /** Short name for logs: {@code api} or {@code docker}. */
    String name();

    /**
     * Works on {@code question} until there is an answer, reporting stages to {@code progress}. Returns promptly
     * with {@link AnalysisCancelledException} once {@code cancellation} is triggered, having stopped its work.
     */
    Answer analyze(Question question, Progress progress, Cancellation cancellation)
            throws AnalystException, AnalysisCancelledException;
}
