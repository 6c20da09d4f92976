package dev.chatgeist.bot;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What kind of question it is, chosen by trigger words (Ukrainian and Russian, as the Python bot did); each skill
 * adds its own prompt file to the base prompt. Checked in order: dossier, top, search; otherwise general.
 */
public enum Skill {
    DOSSIER(
            "dossier.md",
            List.of(
                    "досьє",
                    "досье",
                    "профіль",
                    "профиль",
                    "хто такий",
                    "хто така",
                    "хто такі",
                    "кто такой",
                    "кто такая",
                    "кто такие",
                    "інформація про",
                    "информация о",
                    "информация про",
                    "розкажи про @",
                    "расскажи про @",
                    "розкажи все про",
                    "расскажи все о",
                    "dossier")),
    TOP(
            "top.md",
            List.of(
                    "топ",
                    "рейтинг",
                    "найкращ",
                    "лучш",
                    "популярн",
                    "порадь",
                    "посоветуй",
                    "рекоменд",
                    "кращі",
                    "best")),
    SEARCH(
            "search.md",
            List.of(
                    "знайди",
                    "найди",
                    "пошук",
                    "поиск",
                    "де згаду",
                    "где упомина",
                    "хто писав",
                    "кто писал",
                    "згадки",
                    "упоминания",
                    "згадував",
                    "упоминал",
                    "find")),
    GENERAL(null, List.of());

    private final String promptFile;
    private final List<Pattern> triggers;

    Skill(String promptFile, List<String> words) {
        this.promptFile = promptFile;
        // a trigger must start a word: "топ" matches "топ-10" but not "стоп"
        this.triggers = words.stream()
                .map(w -> Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(w), Pattern.UNICODE_CASE))
                .toList();
    }

    /** The prompt file this skill adds, or null for general questions. */
    public String promptFile() {
        return promptFile;
    }

    public static Skill detect(String question) {
        String q = question.toLowerCase(Locale.ROOT);
        for (Skill s : values()) {
            for (Pattern p : s.triggers) {
                if (p.matcher(q).find()) {
                    return s;
                }
            }
        }
        return GENERAL;
    }

    public String logName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
