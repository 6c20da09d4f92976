package dev.chatgeist.plugin.render;

import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateScalarModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The escaping functions templates call, one per file format and kind of setting, so that no template quotes by
 * hand: {@code shq} (a word of a crontab command), {@code sdq} (a word of a systemd list setting), {@code sdpath}
 * (a systemd single-path setting), {@code sdtext} (systemd free text), {@code composeq} (a Compose scalar).
 * Plists need none: their templates auto-escape XML. A value a format cannot hold fails the render naming it.
 */
final class TemplateFunctions {
    private TemplateFunctions() {}

    static Map<String, Object> all() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("shq", function(CronSyntax::shellWord));
        m.put("sdq", function(SystemdSyntax::word));
        m.put("sdpath", function(SystemdSyntax::path));
        m.put("sdtext", function(SystemdSyntax::text));
        m.put("composeq", function(ComposeSyntax::scalar));
        return m;
    }

    private static TemplateMethodModelEx function(UnaryOperator<String> escape) {
        return args -> {
            try {
                return escape.apply(arg(args));
            } catch (IllegalArgumentException e) {
                throw new TemplateModelException(e.getMessage(), e);
            }
        };
    }

    private static String arg(List<?> args) throws TemplateModelException {
        if (args.size() != 1) {
            throw new TemplateModelException("expects exactly one argument");
        }
        Object a = args.get(0);
        return a instanceof TemplateScalarModel s ? s.getAsString() : String.valueOf(a);
    }
}
