package dev.chatgeist.analyst;

/** A chart that was asked for and not drawn: its title (as far as the spec gave one) and why, for the log. */
public record ChartFailure(String title, String reason) {}
