package dev.chatgeist.analyst;

/** Where an analysis is, as the status message shows it. */
public enum Stage {
    QUEUED,
    ANALYSING,
    RUNNING_SQL,
    DRAWING_CHART,
    PROCESSING,
    WRITING,
    FINISHING
}
