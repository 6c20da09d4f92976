package dev.chatgeist.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.testing.Db;
import dev.chatgeist.testing.RealExports;
import dev.chatgeist.testing.Shared;
import dev.chatgeist.testing.TestCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export} of a real archive, read back by {@code import} into a fresh home and by the Python version's
 * converter ({@code jsonl_to_sqlite.py}, run with python3): every column of every row must come back the same,
 * and the full-text index must find the same messages. The archives are made from the two real chat exports of
 * the tests: the Telegram Desktop export and a Python-format dump from gen_jsonl.py.
 */
class ExportRoundTripTest {
    @TempDir
    static Path dir;

    static Path desktopArchive;
    static Path dumpArchive;
    static Path dirtyArchive;

    @BeforeAll
    static void archives() throws Exception {
        Path desktop = RealExports.desktop(dir.resolve("desktop"));
        Files.createDirectories(dir.resolve("home-desktop"));
        TestCli cli = new TestCli(dir.resolve("home-desktop"));
        assertThat(cli.run("chats", "add", "valencia", "@ua_valencia").exitCode())
                .isZero();
        desktopArchive = imported(dir.resolve("home-desktop"), "valencia", desktop);
        Path dump = Shared.generate(dir.resolve("dump.jsonl"), "-n", "3000", "--seed", "7");
        dumpArchive = imported(dir.resolve("home-dump"), "dump", dump);
        Path dirty = Shared.generate(dir.resolve("dirty.jsonl"), "-n", "2000", "--seed", "11", "--dirty", "0.08");
        dirtyArchive = imported(dir.resolve("home-dirty"), "dirty", dirty);
    }

    static Path imported(Path home, String alias, Path file) throws IOException {
        return RealExports.imported(home, alias, file);
    }

    /** Exports {@code alias} of the home holding {@code archive} to a file; returns the file. */
    static Path export(Path archive, String alias, String format) {
        Path home = archive.getParent().getParent();
        Path out = dir.resolve("exports/" + alias + "." + format);
        TestCli.Run run = new TestCli(home).run("export", "--chat", alias, "--format", format, "-o", out.toString());
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.err()).contains("exported").doesNotContain("warning");
        assertThat(Files.exists(Path.of(out + ".part")))
                .as("no temporary file left")
                .isFalse();
        return out;
    }

    static void assertSameRows(Path expected, Path actual) throws Exception {
        List<String> a = Db.messages(expected);
        List<String> b = Db.messages(actual);
        assertThat(a).isNotEmpty();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            assertThat(b.get(i)).as("row %d", i).isEqualTo(a.get(i));
        }
        assertThat(b).hasSameSizeAs(a);
    }

    /** The ids the search command finds for each query, in both homes. */
    static void assertSearchFindsTheSame(Path expected, Path actual, String alias, List<String> queries) {
        for (String q : queries) {
            List<String> a = hits(expected, alias, q);
            List<String> b = hits(actual, alias, q);
            assertThat(b).as(q).isEqualTo(a).isNotEmpty();
        }
    }

    static List<String> hits(Path archive, String alias, String query) {
        TestCli.Run run = new TestCli(archive.getParent().getParent())
                .run("search", "--chat", alias, "--limit", "100000", "--json", query);
        assertThat(run.exitCode()).as(run.all()).isZero();
        List<String> ids = new ArrayList<>();
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\"id\" : (\\d+)").matcher(run.out());
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static Path reimport(Path export, String name, String alias) throws IOException {
        return imported(dir.resolve("home-" + name), alias, export);
    }

    /** Export, then import into a fresh home and convert with Python: both must give the archive's rows. */
    private static void assertRoundTrip(Path archive, String alias, List<String> queries) throws Exception {
        Path export = export(archive, alias, "jsonl");
        Path ours = reimport(export, alias + "-again", alias);
        assertSameRows(archive, ours);
        Db.assertSearchIndexConsistent(ours);
        if (!queries.isEmpty()) {
            assertSearchFindsTheSame(archive, ours, alias, queries);
        }
        Path python = dir.resolve("py-" + alias + ".db");
        Shared.pythonConvert(export, python);
        assertSameRows(archive, python);
    }

    @Test
    void desktopArchiveComesBackIdenticalThroughImportAndThePythonConverter() throws Exception {
        assertRoundTrip(desktopArchive, "valencia", List.of("кава", "привіт", "https"));
    }

    @Test
    void dumpArchiveComesBackIdenticalThroughImportAndThePythonConverter() throws Exception {
        assertRoundTrip(
                dumpArchive, "dump", List.of("квартира", "valencia", "docker OR kubernetes", "\"дякую\"", "робота"));
    }

    @Test
    void dirtyDumpArchiveComesBackIdentical() throws Exception {
        assertRoundTrip(dirtyArchive, "dirty", List.of());
    }

    @Test
    void archiveMadeByThePythonConverterExportsToTheSameRows() throws Exception {
        Path py = dir.resolve("home-pymade/databases/pymade.db");
        Files.createDirectories(py.getParent());
        Shared.pythonConvert(dir.resolve("dump.jsonl"), py);
        Path export = export(py, "pymade", "jsonl");
        assertSameRows(py, reimport(export, "pymade-again", "pymade"));
    }

    @Test
    void standardOutputGetsTheSameBytesAsTheFile() throws Exception {
        Path file = export(desktopArchive, "valencia", "jsonl");
        TestCli.Run run = new TestCli(desktopArchive.getParent().getParent()).run("export", "--chat", "valencia");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
        assertThat(run.out().lines().count()).isEqualTo(6);
        assertThat(run.err()).contains("exported 6 messages of valencia to standard output (jsonl)");
    }

    @Test
    void csvIsReadBackByPythonsCsvModuleCellForCell() throws Exception {
        Path csv = export(dumpArchive, "dump", "csv");
        assertThat(Files.readString(csv, StandardCharsets.UTF_8)).startsWith("id,timestamp,date_iso,message,");
        // Python's csv module (RFC 4180 dialect "excel") reads each record; compare with SQLite's values as text
        Path script = dir.resolve("read_csv.py");
        Files.writeString(script, """
                import csv, sys
                with open(sys.argv[1], newline='', encoding='utf-8') as f:
                    for row in csv.reader(f):
                        print('\\x1f'.join(row).replace('\\r', '\\\\r').replace('\\n', '\\\\n'))
                """);
        List<String> lines = Shared.run(List.of(Shared.python(), script.toString(), csv.toString()), dir)
                .lines()
                .toList();
        List<String> expected = new ArrayList<>();
        expected.add(String.join("\u001f", dev.chatgeist.archive.ArchiveSchema.COLUMNS));
        try (var c = Db.open(dumpArchive);
                var st = c.createStatement();
                var rs = st.executeQuery("SELECT * FROM messages ORDER BY id")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    String v = rs.getString(i);
                    cells.add(v == null ? "" : v.replace("\r", "\\r").replace("\n", "\\n"));
                }
                expected.add(String.join("\u001f", cells));
            }
        }
        assertThat(lines).hasSize(3001).isEqualTo(expected);
        // the dump has messages with commas and line breaks, so quoting was exercised
        assertThat(Files.readString(csv, StandardCharsets.UTF_8).contains(",\""))
                .isTrue();
    }

    @Test
    void progressIsDrawnOnATerminalOnly() {
        Path home = dumpArchive.getParent().getParent();
        Path out = dir.resolve("exports/progress.jsonl");
        TestCli.Run onTerminal = new TestCli(home).terminal(true).run("export", "--chat", "dump", "-o", out.toString());
        assertThat(onTerminal.err()).contains("\rexport dump: ").contains("messages");
        TestCli.Run piped = new TestCli(home).run("export", "--chat", "dump", "-o", out.toString());
        assertThat(piped.err()).doesNotContain("\r").contains("exported 3,000 messages of dump to " + out + " (jsonl)");
    }

    @Test
    void badRequestsNameTheProblemAndTheFix() throws Exception {
        Path home = dumpArchive.getParent().getParent();
        TestCli cli = new TestCli(home);
        TestCli.Run format = cli.run("export", "--chat", "dump", "--format", "xml");
        assertThat(format.exitCode()).isEqualTo(2);
        assertThat(format.err()).contains("unknown export format 'xml'; use --format jsonl or --format csv");
        TestCli.Run unknown = cli.run("export", "--chat", "nosuch");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("nosuch");
        Path folder = Files.createDirectories(dir.resolve("a-folder"));
        TestCli.Run toDir = cli.run("export", "--chat", "dump", "-o", folder.toString());
        assertThat(toDir.exitCode()).isEqualTo(2);
        assertThat(toDir.err()).contains("is a directory; give a file name");
    }

    @Test
    void rowsNoDumpLineCanHoldAreExportedAndNamed() {
        Path home = dir.resolve("home-odd");
        Path db = home.resolve("databases/odd.db");
        try (dev.chatgeist.archive.Archive a = dev.chatgeist.archive.Archive.openForWrite(db, s -> {});
                dev.chatgeist.archive.ArchiveWriter w = a.writer(10)) {
            // reactions that do not add up, and an empty display name that an import would fill from sender_id
            w.write(new dev.chatgeist.archive.MessageRow(
                    1,
                    1704110400L,
                    "2024-01-01T12:00:00+00:00",
                    "a",
                    7L,
                    null,
                    "x",
                    null,
                    5,
                    "👍 (3)",
                    null,
                    null,
                    null,
                    null,
                    false));
            w.write(new dev.chatgeist.archive.MessageRow(
                    2,
                    1704110460L,
                    "2024-01-01T12:01:00+00:00",
                    "b",
                    7L,
                    null,
                    "",
                    null,
                    0,
                    "",
                    null,
                    null,
                    null,
                    null,
                    false));
            w.finish();
        }
        TestCli.Run run = new TestCli(home)
                .run("export", "--chat", "odd", "-o", dir.resolve("odd.jsonl").toString());
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.err())
                .contains("exported 2 messages")
                .contains("warning: 1 row(s) will not import identically: reactions_detail is not of the form")
                .contains("(first: message 1)")
                .contains("warning: 1 row(s) will not import identically: an empty sender_display_name")
                .contains("(first: message 2)");
    }
}
