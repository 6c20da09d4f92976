package dev.chatgeist.source;

/** Told by a source how far it has come; {@code total} is -1 when unknown. Implementations must be cheap. */
public interface Progress {
    Progress NONE = (done, total) -> {};

    void update(long done, long total);
}
