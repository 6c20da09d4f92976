package dev.chatgeist.archive;

import dev.chatgeist.core.UserException;

/** A database the archive refuses to touch (not SQLite, foreign schema, newer version) or cannot write. */
public class ArchiveException extends UserException {
    public ArchiveException(String message) {
        super(message, 1, null);
    }

    public ArchiveException(String message, Throwable cause) {
        super(message, 1, cause);
    }
}
