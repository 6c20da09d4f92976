package dev.chatgeist.core.log;

import java.util.Arrays;
import java.util.Optional;

/** The commands that keep a log of their own under {@code logs/}, and its file name there. */
public enum JobLog {
    UPDATE("update", "update.log"),
    SYNC_TOKEN("sync-token", "sync_token.log"),
    LOGIN("login", "login.log"),
    BOT("bot", "bot.log");

    private final String command;
    private final String fileName;

    JobLog(String command, String fileName) {
        this.command = command;
        this.fileName = fileName;
    }

    /** The command's name as typed: {@code update}, {@code sync-token}, ... */
    public String command() {
        return command;
    }

    /** The log's name under {@code logs/}. */
    public String fileName() {
        return fileName;
    }

    /** The scheduler's stdout/stderr file under {@code logs/} ({@code update.out.log}), rotated by bin/chatgeist. */
    public String outLogName() {
        return command + ".out.log";
    }

    public static Optional<JobLog> ofCommand(String command) {
        return Arrays.stream(values()).filter(j -> j.command.equals(command)).findFirst();
    }
}
