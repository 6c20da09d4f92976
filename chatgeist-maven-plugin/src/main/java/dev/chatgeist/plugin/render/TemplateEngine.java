package dev.chatgeist.plugin.render;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.ConditionalTemplateConfigurationFactory;
import freemarker.cache.FileNameGlobMatcher;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.OrMatcher;
import freemarker.cache.TemplateLoader;
import freemarker.core.ParseException;
import freemarker.core.TemplateConfiguration;
import freemarker.core.XMLOutputFormat;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateNotFoundException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * FreeMarker over two template sources: the project's {@code templates/} folder first, then the plugin's built-in
 * templates, so a project overrides any built-in file (macro libraries included) by putting one of the same name
 * there. Plist templates auto-escape as XML.
 */
public final class TemplateEngine {
    /** Where the built-in templates live on the plugin's classpath. */
    public static final String BUILT_IN = "/dev/chatgeist/plugin/templates";

    private final Configuration freemarker;
    private final Path overrideDir;

    /** @param overrideDir the project's templates folder; null or missing means built-ins only */
    public TemplateEngine(Path overrideDir) throws RenderException {
        this.overrideDir = overrideDir != null && Files.isDirectory(overrideDir) ? overrideDir : null;
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_34);
        cfg.setDefaultEncoding("UTF-8");
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        cfg.setWrapUncheckedExceptions(true);
        cfg.setFallbackOnNullLoopVariable(false);
        cfg.setLocalizedLookup(false);
        cfg.setNumberFormat("computer");
        List<TemplateLoader> loaders = new ArrayList<>();
        if (this.overrideDir != null) {
            try {
                loaders.add(new FileTemplateLoader(this.overrideDir.toFile()));
            } catch (IOException e) {
                throw new RenderException("cannot read the templates folder " + overrideDir + ": " + e.getMessage(), e);
            }
        }
        loaders.add(new ClassTemplateLoader(TemplateEngine.class, BUILT_IN));
        cfg.setTemplateLoader(new MultiTemplateLoader(loaders.toArray(new TemplateLoader[0])));
        TemplateConfiguration xml = new TemplateConfiguration();
        xml.setOutputFormat(XMLOutputFormat.INSTANCE);
        cfg.setTemplateConfigurations(new ConditionalTemplateConfigurationFactory(
                new OrMatcher(new FileNameGlobMatcher("*.plist.ftl"), new FileNameGlobMatcher("launchd.ftl")), xml));
        this.freemarker = cfg;
    }

    public TemplateOrigin origin(String templateName) {
        if (overrideDir != null && Files.isRegularFile(overrideDir.resolve(templateName))) {
            return new TemplateOrigin(templateName, overrideDir.resolve(templateName));
        }
        return new TemplateOrigin(templateName, null);
    }

    public String process(String templateName, Map<String, Object> model) throws RenderException {
        TemplateOrigin origin = origin(templateName);
        try {
            Template t = freemarker.getTemplate(templateName);
            StringWriter out = new StringWriter();
            t.process(model, out);
            return out.toString();
        } catch (TemplateNotFoundException e) {
            throw new RenderException(
                    "template " + templateName + " not found (neither in " + overrideDir + " nor built in)", e);
        } catch (ParseException e) {
            throw new RenderException(
                    origin.describe() + " has a syntax error at line " + e.getLineNumber()
                            + ", column " + e.getColumnNumber() + ": " + e.getEditorMessage()
                            + " — fix the template" + (origin.builtIn() ? "" : " or delete it to use the built-in one"),
                    e);
        } catch (TemplateException e) {
            throw new RenderException(
                    origin.describe() + " failed at " + e.getTemplateSourceName() + " line "
                            + e.getLineNumber() + ": " + firstLine(e.getMessageWithoutStackTop())
                            + " — check the variable names against the README's template model",
                    e);
        } catch (IOException e) {
            throw new RenderException("cannot read " + origin.describe() + ": " + e.getMessage(), e);
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.strip().lines().findFirst().orElse("");
    }
}
