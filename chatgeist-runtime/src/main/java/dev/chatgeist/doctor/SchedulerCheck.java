package dev.chatgeist.doctor;

import dev.chatgeist.core.process.ProgramRunner;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The scheduler entries that run jobs on this home — launchd agents on a Mac, the crontab block and the systemd
 * units elsewhere, as install-local and deploy write them — and whether every file they name exists (the program,
 * the jar, the home; the directory of the output file, which the scheduler must be able to open).
 */
final class SchedulerCheck implements Check {
    static final List<String> JOBS = List.of("update", "sync-token", "bot");

    /** One scheduler entry: where it is, which job, the words of its command, the file its output goes to. */
    record Entry(String where, String job, List<String> words, String outLog) {}

    @Override
    public List<Finding> run(Examination exam) {
        String home = exam.home().dir().toString();
        List<Entry> entries = new ArrayList<>();
        if (exam.mac()) {
            entries.addAll(launchAgents(exam.userHome().resolve("Library/LaunchAgents")));
        } else {
            entries.addAll(crontab(exam));
            entries.addAll(units(exam.userHome().resolve(".config/systemd/user")));
            entries.addAll(units(exam.systemUnitsDir()));
        }
        List<Finding> findings = new ArrayList<>();
        for (Entry e : entries) {
            if (e.words().stream().noneMatch(w -> w.equals(home) || w.startsWith(home + "/"))) {
                continue; // another home's job
            }
            findings.add(check(e));
        }
        if (findings.isEmpty()) {
            findings.add(Finding.warn(
                    "scheduler",
                    "no scheduled job runs on " + home,
                    exam.mac()
                            ? "./mvnw chatgeist:install-local"
                            : "./mvnw chatgeist:deploy (or chatgeist:install-local)"));
        }
        return findings;
    }

    private static Finding check(Entry e) {
        String topic = "scheduler " + e.job();
        List<String> missing = new ArrayList<>();
        for (String w : e.words()) {
            if (w.startsWith("/") && !Files.exists(Path.of(w))) {
                missing.add(w);
            }
        }
        if (e.outLog() != null
                && e.outLog().startsWith("/")
                && !Files.isDirectory(Path.of(e.outLog()).getParent())) {
            missing.add(Path.of(e.outLog()).getParent() + "/ (for "
                    + Path.of(e.outLog()).getFileName() + ")");
        }
        String program =
                e.words().stream().filter(w -> w.startsWith("/")).findFirst().orElse("?");
        if (!missing.isEmpty()) {
            return Finding.fail(
                    topic,
                    e.where() + " names what does not exist: " + String.join(", ", missing),
                    "install again: ./mvnw chatgeist:install-local (Mac) or ./mvnw chatgeist:deploy (server)");
        }
        return Finding.ok(topic, e.where() + " runs " + program + "; every file it names exists");
    }

    private static List<Entry> launchAgents(Path dir) {
        List<Entry> entries = new ArrayList<>();
        for (Path plist : list(dir, "com.chatgeist.", ".plist")) {
            try {
                Element dict = plistDict(Files.readString(plist));
                List<String> words = new ArrayList<>(strings(valueOf(dict, "ProgramArguments")));
                Optional.ofNullable(valueOf(dict, "WorkingDirectory"))
                        .map(Node::getTextContent)
                        .ifPresent(words::add);
                Node out = valueOf(dict, "StandardOutPath");
                entries.add(new Entry(plist.toString(), job(words), words, out == null ? null : out.getTextContent()));
            } catch (Exception e) { // an unreadable agent is a finding, not a crash
                entries.add(new Entry(
                        plist.toString(), "?", List.of(plist.toString(), "/unreadable: " + e.getMessage()), null));
            }
        }
        return entries;
    }

    private static List<Entry> crontab(Examination exam) {
        ProgramRunner runner = exam.runner();
        Optional<Path> crontab = runner.find("crontab");
        if (crontab.isEmpty()) {
            return List.of();
        }
        String text;
        try {
            ProgramRunner.Result r =
                    runner.run(crontab.get(), List.of("-l"), exam.home().dir(), Duration.ofSeconds(10));
            if (!r.ok()) {
                return List.of(); // "no crontab for USER"
            }
            text = r.stdout();
        } catch (IOException e) {
            return List.of();
        }
        return crontabEntries(text);
    }

    /** The lines of the {@code # BEGIN chatgeist} ... {@code # END chatgeist} block (comments skipped). */
    static List<Entry> crontabEntries(String crontab) {
        List<Entry> entries = new ArrayList<>();
        boolean inside = false;
        for (String line : crontab.split("\\R")) {
            String t = line.strip();
            if (t.equals("# BEGIN chatgeist")) {
                inside = true;
            } else if (t.equals("# END chatgeist")) {
                inside = false;
            } else if (inside && !t.isEmpty() && !t.startsWith("#")) {
                List<String> words = ShellWords.split(t.replace("\\%", "%"));
                String outLog = null;
                List<String> command = new ArrayList<>();
                for (int i = 0; i < words.size(); i++) {
                    String w = words.get(i);
                    if ((w.equals(">>") || w.equals(">")) && i + 1 < words.size()) {
                        outLog = words.get(++i);
                    } else if (!w.startsWith("PATH=")) {
                        command.add(w);
                    }
                }
                entries.add(new Entry("crontab", job(command), command, outLog));
            }
        }
        return entries;
    }

    private static List<Entry> units(Path dir) {
        List<Entry> entries = new ArrayList<>();
        for (Path unit : list(dir, "chatgeist-", ".service")) {
            try {
                List<String> words = new ArrayList<>();
                String outLog = null;
                for (String line : Files.readAllLines(unit)) {
                    String t = line.strip();
                    if (t.startsWith("ExecStart=")) {
                        // ExecStart's prefixes (-, @, :, +, !) change how systemd runs it, not what
                        String command = t.substring("ExecStart=".length()).replaceFirst("^[-@:+!]+", "");
                        words.addAll(ShellWords.split(command));
                    } else if (t.startsWith("WorkingDirectory=")) {
                        words.add(ShellWords.split(t.substring("WorkingDirectory=".length()))
                                .get(0));
                    } else if (t.startsWith("StandardOutput=append:")) {
                        outLog = t.substring("StandardOutput=append:".length());
                    }
                }
                entries.add(new Entry(unit.toString(), job(words), words, outLog));
            } catch (IOException | RuntimeException e) {
                entries.add(new Entry(unit.toString(), "?", List.of("/unreadable: " + e.getMessage()), null));
            }
        }
        return entries;
    }

    private static String job(List<String> words) {
        for (int i = words.size() - 1; i >= 0; i--) {
            if (JOBS.contains(words.get(i))) {
                return words.get(i);
            }
        }
        return "?";
    }

    private static List<Path> list(Path dir, String prefix, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)
                            && p.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Element plistDict(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        DocumentBuilder b = f.newDocumentBuilder();
        Document doc = b.parse(new InputSource(new StringReader(xml)));
        NodeList dicts = doc.getDocumentElement().getElementsByTagName("dict");
        return (Element) dicts.item(0);
    }

    /** The element after {@code <key>name</key>} in the top-level dict. */
    private static Node valueOf(Element dict, String name) {
        Node n = dict.getFirstChild();
        while (n != null) {
            if (n instanceof Element e
                    && e.getTagName().equals("key")
                    && e.getTextContent().equals(name)) {
                Node v = e.getNextSibling();
                while (v != null && !(v instanceof Element)) {
                    v = v.getNextSibling();
                }
                return v;
            }
            n = n.getNextSibling();
        }
        return null;
    }

    private static List<String> strings(Node array) {
        List<String> out = new ArrayList<>();
        if (array == null) {
            return out;
        }
        for (Node n = array.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals("string")) {
                out.add(e.getTextContent());
            }
        }
        return out;
    }
}
