package dev.chatgeist.analyst;

/** The user cancelled; the analyst stopped its work. */
public final class AnalysisCancelledException extends Exception {
    public AnalysisCancelledException() {
        super("cancelled by the user");
    }
}
