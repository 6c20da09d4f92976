package dev.chatgeist.plugin.render;

/** A template is missing or broken; the message names the template, the line and the fix. */
public final class RenderException extends Exception {
    public RenderException(String message, Throwable cause) {
        super(message, cause);
    }
}
