package dev.chatgeist.bot;

import dev.chatgeist.bot.Messenger.Button;
import java.util.List;

/** The status message of a job: its place in the queue, or its stage and elapsed time; with a cancel button. */
final class StatusView {
    private final Texts texts;

    StatusView(Texts texts) {
        this.texts = texts;
    }

    String text(Job job, int queuePosition) {
        if (job.queued() && queuePosition > 0) {
            return texts.get("status_queued", queuePosition);
        }
        long seconds = job.startedNanos == 0 ? 0 : (System.nanoTime() - job.startedNanos) / 1_000_000_000L;
        return texts.get(
                "status_line",
                texts.plain("stage_" + job.stage.name()),
                String.format("%d:%02d", seconds / 60, seconds % 60));
    }

    List<List<Button>> keyboard(Job job) {
        return List.of(List.of(new Button(texts.plain("cancel_button"), new CallbackData.Cancel(job.id).encode())));
    }
}
