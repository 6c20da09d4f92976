package dev.chatgeist.bot;

/**
 * What an inline button of the bot means, and the callback data string that carries it through Telegram (at most
 * 64 bytes). Every button's data is made by {@link #encode()} and read back by {@link #parse(String)}; nothing
 * else knows the format.
 */
public sealed interface CallbackData {
    String encode();

    /** Pick the chat at {@code index} of the /chats list; the alias' start guards against a list that changed. */
    record ChooseChat(int index, String aliasPrefix) implements CallbackData {
        /** Telegram refuses callback data over 64 bytes; aliases (ASCII, up to 64) are cut to this many. */
        static final int ALIAS_PREFIX = 40;

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
                if (parts.length == 3) { // aliases hold no ':'
                    return new ChooseChat(index(parts[1]), parts[2]);
                }
            }
            case "x" -> {
                if (parts.length == 2) {
                    return new Cancel(id(parts[1]));
                }
            }
            case "d" -> {
                if (parts.length == 4 && parts[2].equals("t")) {
                    return new DossierToggle(id(parts[1]), index(parts[3]));
                }
                if (parts.length == 3 && parts[2].equals("a")) {
                    return new DossierAll(id(parts[1]));
                }
                if (parts.length == 3 && parts[2].equals("g")) {
                    return new DossierGo(id(parts[1]));
                }
            }
            default -> {
                // falls through to Unknown
            }
        }
        return new Unknown(data);
    }

    private static long id(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int index(String s) {
        long n = id(s);
        return n < 0 || n > Integer.MAX_VALUE ? -1 : (int) n;
    }
}
