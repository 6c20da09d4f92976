package dev.chatgeist.doctor;

import dev.chatgeist.config.TargetsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * targets.json reads, every {@code databases/*.db} passes {@code PRAGMA quick_check} (opened read-only), and the two
 * agree: a chat without an archive has never been updated, an archive without a chat is no longer updated.
 */
final class ArchivesCheck implements Check {
    @Override
    public List<Finding> run(Examination exam) {
        List<Finding> findings = new ArrayList<>();
        Path targetsFile = exam.home().targetsFile();
        Set<String> chats = new TreeSet<>();
        if (!Files.exists(targetsFile)) {
            findings.add(Finding.warn(
                    "targets.json", "none in " + exam.home().dir(), "chatgeist chats add ALIAS @username"));
        } else {
            try {
                chats.addAll(TargetsFile.load(targetsFile).chats().keySet());
                findings.add(Finding.ok("targets.json", chats.size() + (chats.size() == 1 ? " chat" : " chats")));
            } catch (RuntimeException e) {
                findings.add(Finding.fail(
                        "targets.json",
                        e.getMessage(),
                        "fix " + targetsFile + " (or restore it from a backup); update refuses to run until then"));
            }
        }
        Set<String> archives = new TreeSet<>();
        int passed = 0;
        for (Path db : databases(exam.home().databasesDir())) {
            String alias = db.getFileName().toString().replaceFirst("\\.db$", "");
            archives.add(alias);
            String problem = quickCheck(db);
            if (problem == null) {
                passed++;
            } else {
                findings.add(Finding.fail(
                        "archive " + alias,
                        db + " fails PRAGMA quick_check: " + problem,
                        "stop the jobs, restore " + db.getFileName() + " from a backup, or delete it and run "
                                + "chatgeist update --chat " + alias + " (downloads it again)"));
            }
        }
        if (!archives.isEmpty()) {
            findings.add(Finding.ok("archives", passed + " of " + archives.size() + " pass PRAGMA quick_check"));
        }
        Set<String> never = new TreeSet<>(chats);
        never.removeAll(archives);
        if (!never.isEmpty()) {
            findings.add(Finding.warn(
                    "archives",
                    "no archive yet for " + String.join(", ", never),
                    "chatgeist update (or chatgeist import --chat ALIAS FILE)"));
        }
        Set<String> orphans = new TreeSet<>(archives);
        orphans.removeAll(chats);
        if (!orphans.isEmpty() && Files.exists(targetsFile)) {
            findings.add(Finding.warn(
                    "archives",
                    String.join(", ", orphans) + " not in targets.json: update no longer "
                            + "adds to them (the bot still reads them)",
                    "chatgeist chats add ALIAS TARGET to keep updating"));
        }
        return findings;
    }

    private static List<Path> databases(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".db") && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Null when the archive is fine, else what SQLite says. */
    static String quickCheck(Path db) {
        Properties p = new Properties();
        p.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY: the doctor changes nothing
        p.setProperty("busy_timeout", "5000");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath(), p);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
            List<String> lines = new ArrayList<>();
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
            return lines.equals(List.of("ok")) ? null : String.join("; ", lines.subList(0, Math.min(3, lines.size())));
        } catch (SQLException e) {
            return e.getMessage();
        }
    }
}
