package dev.chatgeist.config;

import dev.chatgeist.core.UserException;
import java.util.regex.Pattern;

/** Chat aliases become file names ({@code databases/<alias>.db}): letters, digits, '_' and '-' only. */
public final class Alias {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Alias() {}

    public static boolean isValid(String alias) {
        return alias != null && VALID.matcher(alias).matches();
    }

    public static String check(String alias) {
        if (!isValid(alias)) {
            throw new UserException("invalid alias '" + alias + "': an alias becomes a file name, so use 1-64 "
                    + "letters, digits, '_' or '-' (for example: my_chat)");
        }
        return alias;
    }
}
