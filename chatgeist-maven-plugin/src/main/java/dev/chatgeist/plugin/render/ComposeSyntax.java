package dev.chatgeist.plugin.render;

import dev.chatgeist.plugin.inventory.TextCharacters;

/**
 * Scalars for the Compose file: a YAML double-quoted scalar (YAML 1.2 section 7.3.1, so that no value turns into a
 * number, a boolean, a comment or a mapping), with {@code $} written {@code $$} because Compose interpolates
 * {@code $VAR} and {@code ${VAR}} in every value.
 */
final class ComposeSyntax {
    private ComposeSyntax() {}

    static String scalar(String s) {
        TextCharacters.requireNone(s, "a Compose value");
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "$$") + "\"";
    }
}
