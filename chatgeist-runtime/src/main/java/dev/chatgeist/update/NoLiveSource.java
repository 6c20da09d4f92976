package dev.chatgeist.update;

import dev.chatgeist.config.ChatTarget;
import dev.chatgeist.source.HistorySource;

/** The live source when this build has no Telegram client: every chat is reported and skipped. */
public final class NoLiveSource implements LiveSourceProvider {
    @Override
    public HistorySource open(String alias, ChatTarget target) throws SourceUnavailableException {
        throw new SourceUnavailableException(
                "no live Telegram source for " + target.text() + ": this build cannot "
                        + "download from Telegram yet (it needs `chatgeist login` and the MTProto client); skipped. "
                        + "Fill the archive from a dump meanwhile: chatgeist import --chat " + alias
                        + " export_data/" + alias + "/messages.jsonl (or a Telegram Desktop result.json)",
                1);
    }
}
