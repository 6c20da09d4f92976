package dev.chatgeist.plugin.task;

/** Where results go: Maven's log in the Mojos, a list in tests. */
public interface Output {
    void info(String line);

    void warn(String line);
}
