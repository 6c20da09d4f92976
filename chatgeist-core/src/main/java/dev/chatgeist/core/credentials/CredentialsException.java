package dev.chatgeist.core.credentials;

import dev.chatgeist.core.UserException;

/** The Claude credentials cannot be read: missing, locked or malformed. The message names the fix. */
public class CredentialsException extends UserException {
    /** Exit status of {@code sync-token} when there are no usable credentials. */
    public static final int EXIT_CODE = 3;

    public CredentialsException(String message) {
        super(message, EXIT_CODE, null);
    }
}
