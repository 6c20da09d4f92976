package dev.chatgeist.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.chatgeist.config.Home;
import dev.chatgeist.core.UserException;
import dev.chatgeist.export.Csv;
import dev.chatgeist.sql.SqlLimits;
import dev.chatgeist.sql.SqlRefusedException;
import dev.chatgeist.sql.SqlResult;
import dev.chatgeist.sql.SqlSandbox;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "sql",
        mixinStandardHelpOptions = true,
        description = {
            "Run one read-only query on a chat's archive, through the same sandbox and limits as the "
                    + "bot's SQL tool: one statement that reads (SELECT, WITH, VALUES, EXPLAIN, read-only PRAGMAs), at most "
                    + "100 rows and 50,000 bytes shown, cells cut at 2,000 characters with line breaks flattened, stopped "
                    + "after CHATGEIST_SQL_TIMEOUT_MS (default 3000 ms).",
            "Output: an aligned table, or --csv / --json. A refused statement exits with status 2 and says why."
        },
        footer = {
            "",
            "Examples:",
            "  chatgeist sql --chat kyiv \"SELECT COUNT(*) FROM messages\"",
            "  chatgeist sql --chat kyiv --csv \"SELECT sender_display_name, COUNT(*) AS n FROM messages "
                    + "GROUP BY sender_id ORDER BY n DESC LIMIT 10\""
        })
final class SqlCommand implements Callable<Integer> {
    /** How the sandbox shows a NULL cell. */
    private static final String NULL = "NULL";

    @ParentCommand
    RootCommand root;

    @Option(names = "--chat", required = true, paramLabel = "ALIAS", description = "The chat whose archive to query.")
    String chat;

    static final class Output {
        @Option(names = "--csv", description = "RFC 4180 CSV with a header row (NULL as an empty field).")
        boolean csv;

        @Option(
                names = "--json",
                description = "One JSON document: chat, columns, rows, truncated, notice, elapsed_ms.")
        boolean json;
    }

    @ArgGroup(exclusive = true)
    Output output;

    @Parameters(arity = "1..*", paramLabel = "SQL", description = "The query (quote it for the shell).")
    List<String> sql;

    @Override
    public Integer call() throws IOException {
        Cli cli = root.cli;
        Home home = root.home();
        ChatArchives.existing(home, chat);
        int timeoutMs = cli.settings(home).getInt("CHATGEIST_SQL_TIMEOUT_MS", 3000);
        SqlResult result;
        // one statement: one worker process, stopped when the command ends
        try (SqlSandbox sandbox =
                new SqlSandbox(home.databasesDir(), SqlLimits.DEFAULT.withTimeout(Duration.ofMillis(timeoutMs)), 1)) {
            result = sandbox.query(chat, Set.of(chat), String.join(" ", sql), () -> false);
        } catch (SqlRefusedException e) {
            throw new UserException("the statement was refused: " + e.getMessage());
        }
        PrintWriter out = cli.out();
        if (output != null && output.json) {
            writeJson(out, result);
        } else if (output != null && output.csv) {
            List<String> header = result.columns();
            Csv.record(out, header);
            for (List<String> row : result.rows()) {
                Csv.record(out, row.stream().map(v -> NULL.equals(v) ? null : v).toList());
            }
            out.flush();
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(result.columns().toArray(String[]::new));
            result.rows().forEach(r -> rows.add(r.toArray(String[]::new)));
            Format.table(out, rows);
            cli.err()
                    .println("(" + result.rows().size() + (result.rows().size() == 1 ? " row, " : " rows, ")
                            + result.elapsedMillis() + " ms)");
        }
        if (result.truncated() && (output == null || !output.json)) {
            cli.err().println("note: " + result.truncationNotice());
        }
        return 0;
    }

    private static void writeJson(PrintWriter out, SqlResult r) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("chat", r.database());
            g.writeArrayFieldStart("columns");
            for (String c : r.columns()) {
                g.writeString(c);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("rows");
            for (List<String> row : r.rows()) {
                g.writeStartArray();
                for (String v : row) {
                    if (NULL.equals(v)) {
                        g.writeNull();
                    } else {
                        g.writeString(v);
                    }
                }
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeBooleanField("truncated", r.truncated());
            g.writeStringField("notice", r.truncationNotice());
            g.writeNumberField("elapsed_ms", r.elapsedMillis());
            g.writeEndObject();
        }
        out.println();
        out.flush();
    }
}
