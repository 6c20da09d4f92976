package dev.chatgeist.plugin.render;

import java.nio.file.Path;

/** Where a template came from: the plugin's built-in set or the project's {@code templates/} folder. */
public record TemplateOrigin(String name, Path override) {
    public boolean builtIn() {
        return override == null;
    }

    public String describe() {
        return builtIn() ? "built-in template " + name : "project template " + override;
    }
}
