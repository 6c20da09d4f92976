package dev.chatgeist.testing;

import dev.chatgeist.config.ChatTarget;
import dev.chatgeist.source.FetchRequest;
import dev.chatgeist.source.HistorySource;
import dev.chatgeist.source.JsonlSource;
import dev.chatgeist.source.RowSink;
import dev.chatgeist.source.SourceReport;
import dev.chatgeist.update.LiveSourceProvider;
import dev.chatgeist.update.SourceUnavailableException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stands in for the user's Telegram account (the live MTProto source, which is a separate issue): each chat's
 * history is a Python-format dump, served under the live source's contract (ids above the archive's highest id,
 * at most the limit). Records what the engine asked for.
 */
public final class DumpBackedTelegram implements LiveSourceProvider {
    private final Map<String, Path> histories;
    public final List<FetchRequest> requests = new ArrayList<>();

    public DumpBackedTelegram(Map<String, Path> histories) {
        this.histories = histories;
    }

    @Override
    public HistorySource open(String alias, ChatTarget target) throws SourceUnavailableException {
        Path dump = histories.get(alias);
        if (dump == null) {
            throw new SourceUnavailableException("the account is not a member of " + target.text(), 1);
        }
        JsonlSource inner = new JsonlSource(dump, ZoneId.of("UTC"));
        return new HistorySource() {
            @Override
            public SourceReport fetch(FetchRequest request, RowSink sink) throws IOException, InterruptedException {
                synchronized (requests) {
                    requests.add(request);
                }
                return inner.fetch(request, sink);
            }

            @Override
            public String describe() {
                return "telegram-stand-in " + target.text();
            }
        };
    }
}
