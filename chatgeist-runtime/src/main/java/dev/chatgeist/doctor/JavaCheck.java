package dev.chatgeist.doctor;

import java.util.List;

/** The Java this runs on (bin/chatgeist refuses one older than 17 before it gets here; a plain java -jar does not). */
final class JavaCheck implements Check {
    @Override
    public List<Finding> run(Examination exam) {
        Runtime.Version v = Runtime.version();
        String where = System.getProperty("java.home");
        if (v.feature() < 17) {
            return List.of(Finding.fail(
                    "java",
                    "Java " + v + " at " + where + " is older than 17",
                    "install JDK 17 or newer and point CHATGEIST_JAVA (or JAVA_HOME) at it"));
        }
        return List.of(Finding.ok("java", "Java " + v + " at " + where));
    }
}
