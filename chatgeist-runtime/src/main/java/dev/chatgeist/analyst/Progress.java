package dev.chatgeist.analyst;

/** Receives stage changes from an analyst (called from the analyst's thread). */
@FunctionalInterface
public interface Progress {
    Progress NONE = stage -> {};

    void stage(Stage stage);
}
