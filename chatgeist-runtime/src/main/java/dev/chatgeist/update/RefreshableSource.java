package dev.chatgeist.update;

import java.io.IOException;

/**
 * A live source that can re-read a chat's recent past (issue 12). The engine calls {@link #prepareRefresh} before
 * the incremental fetch (so its first page can be the newest page, which re-reads the newest stored messages for
 * free), then {@link #refresh} once the new messages are stored.
 */
public interface RefreshableSource {
    /** Called before the fetch of an update that refreshes, with what the last refresh left. */
    void prepareRefresh(RefreshRequest request);

    /** Re-reads what the request's window and budget allow and hands it to {@code sink}. */
    RefreshReport refresh(RefreshRequest request, RefreshSink sink) throws IOException, InterruptedException;
}
