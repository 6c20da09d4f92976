package dev.chatgeist.telegram.client;

import java.io.IOException;
import java.util.List;

/**
 * The questions a login asks the user; the CLI answers them from the terminal or standard input (one line each, in
 * the order asked, so all answers can be piped in at once).
 */
public interface LoginPrompts {
    /** The phone number in international form; null when none is given. */
    String phone() throws IOException;

    /** A code Telegram sent; {@code question} says which and where (the whole prompt). Null when none is given. */
    String code(String question) throws IOException;

    /** The e-mail address to set up as the account's login e-mail; null when none is given. */
    String email() throws IOException;

    /** The two-step verification password (never echoed); null when none is given. */
    char[] password(String hint) throws IOException;

    /** A line of information for the user. */
    void say(String line);

    /** Shows a QR code: {@code lines} of Unicode half-blocks, light modules as full blocks (a dark terminal). */
    void showQr(List<String> lines);
}
