package dev.chatgeist.update;

/**
 * What a source's refresh did: {@code next} the state for the next run; {@code pages} history pages read for the
 * refresh beyond the incremental ones ({@code headNotModified}: the newest page came back unchanged by its hash);
 * {@code byId} requests for messages by id (to confirm deletions); {@code reread} messages handed over.
 */
public record RefreshReport(RefreshState next, int pages, int byId, long reread, boolean headNotModified) {}
