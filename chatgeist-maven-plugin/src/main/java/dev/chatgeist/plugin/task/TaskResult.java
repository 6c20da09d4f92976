package dev.chatgeist.plugin.task;

import java.util.List;

/** One line of output: host, task, status, and a note (why skipped, what failed, what changed). */
public record TaskResult(
        String host, String task, TaskStatus status, String note, String diff, List<String> warnings) {}
