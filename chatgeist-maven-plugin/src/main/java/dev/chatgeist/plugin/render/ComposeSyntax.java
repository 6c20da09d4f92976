package dev.chatgeist.plugin.render;

import dev.chatgeist.plugin.inventory.TextCharacters;

/**
 * Scalars for the Compose file: a YAML double-quoted scalar (YAML 1.2 section 7.3.1, so that no value turns into a
 * number, a boolean, a comment or a mapping), with {@code $} written {@code $$} because Compose interpolates
 * {@code $VAR} and {@code ${VAR}} in every value.
 */
final class ComposeSyntax {
    private ComposeSyntax() {
    }

    static String scalar(String s) {
        String bad = TextCharacters.firstForbidden(s);
        if (bad != null) {
            throw new IllegalArgumentException("a Compose value cannot hold the character " + bad + " of \""
                    + TextCharacters.visible(s) + "\"");
        }
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "$$") + "\"";
    }
}
