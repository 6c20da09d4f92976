package dev.chatgeist.telegram.mtproto;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The server answered a request with {@code rpc_error}: a code (400, 401, 303, 420, ...) and a message. */
public final class RpcException extends Exception {
    private static final Pattern TRAILING_NUMBER = Pattern.compile("^([A-Z_]+?)_?(\\d+)$");

    private final int code;
    private final String error;

    public RpcException(int code, String error) {
        super(code + " " + error);
        this.code = code;
        this.error = error;
    }

    public int code() {
        return code;
    }

    /** The error message as Telegram spells it, e.g. {@code FLOOD_WAIT_30}. */
    public String error() {
        return error;
    }

    /** The message without its trailing number: {@code FLOOD_WAIT_30} → {@code FLOOD_WAIT}. */
    public String kind() {
        Matcher m = TRAILING_NUMBER.matcher(error);
        return m.matches() ? m.group(1) : error;
    }

    /** The trailing number ({@code FLOOD_WAIT_30} → 30, {@code PHONE_MIGRATE_4} → 4), or -1. */
    public int number() {
        Matcher m = TRAILING_NUMBER.matcher(error);
        return m.matches() ? Integer.parseInt(m.group(2)) : -1;
    }

    public boolean is(String kind) {
        return kind().equals(kind) || error.equals(kind);
    }
}
