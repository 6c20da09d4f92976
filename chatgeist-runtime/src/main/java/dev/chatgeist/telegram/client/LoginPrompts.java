package dev.chatgeist.telegram.client;

import java.io.IOException;

/** The questions a login asks the user; the CLI answers them from the terminal or standard input. */
public interface LoginPrompts {
    /** The phone number in international form; null when none is given. */
    String phone() throws IOException;

    /** The login code Telegram sent ({@code via} says where); null when none is given. */
    String code(String phone, String via) throws IOException;

    /** The two-step verification password (never echoed); null when none is given. */
    char[] password(String hint) throws IOException;

    /** A line of information for the user. */
    void say(String line);
}
