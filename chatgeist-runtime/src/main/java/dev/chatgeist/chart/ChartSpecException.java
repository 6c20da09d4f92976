package dev.chatgeist.chart;

/**
 * A chart that cannot be drawn: a wrong spec, a refused or failed query, data that does not fit the kind. The
 * message is written for the model that wrote the spec (it goes back to it as the tool's error result): what is
 * wrong and how to write it instead. The answer's text never depends on a chart, so callers log this and go on.
 */
public final class ChartSpecException extends Exception {
    public ChartSpecException(String message) {
        super(message);
    }

    public ChartSpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
