package dev.chatgeist.analyst;

/** The analyst's final answer (Markdown) and how many SQL queries it ran to get there. */
public record Answer(String markdown, int queries) {
}
