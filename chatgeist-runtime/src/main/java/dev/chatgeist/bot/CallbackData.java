package dev.chatgeist.bot;

/**
 * What an inline button of the bot means, and the callback data string that carries it through Telegram (at most
 * 64 bytes). Every button's data is made by {@link #encode()} and read back by {@link #parse(String)}; nothing
 * else knows the format.
 */
public sealed interface CallbackData {
    /** Telegram refuses callback data longer than 64 bytes; an alias is cut to this many characters. */
    int ALIAS_PREFIX = 40;

    String encode();

    /** Pick the chat at {@code index} of the /chats list; the alias' start guards against a list that changed. */
    record ChooseChat(int index, String aliasPrefix) implements CallbackData {
        public static ChooseChat of(int index, String alias) {
            return new ChooseChat(index, alias.length() <= ALIAS_PREFIX ? alias : alias.substring(0, ALIAS_PREFIX));
        }

        @Override
        public String encode() {
            return "c:" + index + ":" + aliasPrefix;
        }
    }

    /** Cancel the question (job) {@code jobId}. */
    record Cancel(long jobId) implements CallbackData {
        @Override
        public String encode() {
            return "x:" + jobId;
        }
    }

    /** A press on a dossier's chat picker {@code selectionId}. */
    sealed interface DossierPress extends CallbackData {
        long selectionId();
    }

    /** Tick or untick the chat at {@code index} of a dossier's chat picker. */
    record DossierToggle(long selectionId, int index) implements DossierPress {
        @Override
        public String encode() {
            return "d:" + selectionId + ":t:" + index;
        }
    }

    /** Tick every chat of a dossier's chat picker. */
    record DossierAll(long selectionId) implements DossierPress {
        @Override
        public String encode() {
            return "d:" + selectionId + ":a";
        }
    }

    /** Start the dossier on the ticked chats. */
    record DossierGo(long selectionId) implements DossierPress {
        @Override
        public String encode() {
            return "d:" + selectionId + ":g";
        }
    }

    /** Data this bot never makes (or null); the press is answered without effect. */
    record Unknown(String raw) implements CallbackData {
        @Override
        public String encode() {
            return raw;
        }
    }

    /** Reads callback data; a number that does not parse becomes -1, which names no chat, job or selection. */
    static CallbackData parse(String data) {
        if (data == null) {
            return new Unknown(null);
        }
        String[] parts = data.split(":", -1);
        switch (parts[0]) {
            case "c" -> {
                String[] chat = data.split(":", 3); // the alias itself may contain ':'
                if (chat.length == 3) {
                    return new ChooseChat(number(chat[1]), chat[2]);
                }
            }
            case "x" -> {
                if (parts.length == 2) {
                    return new Cancel(number(parts[1]));
                }
            }
            case "d" -> {
                if (parts.length == 4 && parts[2].equals("t")) {
                    return new DossierToggle(number(parts[1]), number(parts[3]));
                }
                if (parts.length == 3 && parts[2].equals("a")) {
                    return new DossierAll(number(parts[1]));
                }
                if (parts.length == 3 && parts[2].equals("g")) {
                    return new DossierGo(number(parts[1]));
                }
            }
            default -> {
                // falls through to Unknown
            }
        }
        return new Unknown(data);
    }

    private static int number(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
