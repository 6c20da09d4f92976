package dev.chatgeist.bot;

import dev.chatgeist.archive.ArchiveSchema;
import dev.chatgeist.chart.ChartSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * The system prompt of a question: {@code base.md} plus the skill's file. Each file is read from the home's
 * {@code prompts/} folder when present there (so prompts can be tuned without a rebuild), else from the copy
 * shipped in the jar. Placeholders: {@code {{schema}}}, {@code {{databases}}}, {@code {{today}}}. The Docker
 * analyst also gets {@code charts-docker.md}, which tells the Claude CLI how to ask for a chart (a fenced
 * {@code chart} block); its {@code {{chart_spec}}} is the spec's description from the chart package, the same spec
 * as the API analyst's {@code make_chart} tool.
 */
public final class Prompts {
    public static final List<String> FILES =
            List.of("base.md", "dossier.md", "search.md", "top.md", "charts-docker.md");

    private final Path overrides;

    public Prompts(Path overrides) {
        this.overrides = overrides;
    }

    /** The system prompt for the API analyst (charts through its {@code make_chart} tool). */
    public String system(Skill skill, List<String> databases, LocalDate today) {
        return system(skill, databases, today, "api");
    }

    /** The system prompt for the analyst named {@code analyst} ({@code api} or {@code docker}). */
    public String system(Skill skill, List<String> databases, LocalDate today, String analyst) {
        String text = file("base.md");
        if (skill.promptFile() != null) {
            text = text.strip() + "\n\n" + file(skill.promptFile());
        }
        if (analyst.equals("docker")) {
            text = text.strip() + "\n\n"
                    + file("charts-docker.md")
                            .replace(
                                    "{{chart_spec}}",
                                    ChartSpec.promptDescription().strip());
        }
        return text.replace("{{schema}}", String.join(";\n", ArchiveSchema.ddl()) + ";")
                .replace("{{databases}}", String.join(", ", databases))
                .replace("{{today}}", today.toString());
    }

    /** One prompt file: the home's override if it exists, else the shipped one. */
    public String file(String name) {
        Path own = overrides.resolve(name);
        try {
            if (Files.isRegularFile(own)) {
                return Files.readString(own, StandardCharsets.UTF_8);
            }
            try (InputStream in = Prompts.class.getResourceAsStream("/prompts/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("prompt " + name + " missing from the jar");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the prompt " + own, e);
        }
    }
}
