package dev.chatgeist.plugin.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.plugin.render.Launcher;
import dev.chatgeist.plugin.testhost.NspawnHost;
import dev.chatgeist.plugin.testhost.Tools;
import dev.chatgeist.plugin.testing.TestJars;
import dev.chatgeist.plugin.transport.SshLibrary;
import dev.chatgeist.plugin.transport.Transport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 7's performance benchmark: per round, Debian's ansible-playbook runs bench/deploy/playbook.yml against a
 * freshly booted Debian test host (first deploy, then a run with nothing to change), and {@code ./mvnw
 * chatgeist:deploy} (the real command from the repository root, Maven's start included) does the same against
 * another fresh host; the plugin's own deploy phase (first connection to recap) is read from its recap. Medians and
 * the ratios to Ansible's no-change run are printed. Not part of the test suite (the class name does not end in
 * Test); bench/deploy/run.sh runs it after installing the plugin.
 */
class DeployBench {
    private static final Pattern RECAP =
            Pattern.compile("ok=(\\d+)\\s+changed=(\\d+)\\s+unreachable=(\\d+)\\s+" + "failed=(\\d+)");

    @Test
    void ansibleAndPluginFirstDeployAndNoChangeRun() throws Exception {
        Path ansible = Tools.require("/usr/bin/ansible-playbook");
        int rounds = Integer.getInteger("bench.rounds", 5);
        Path root = repositoryRoot();
        Path benchDir = root.resolve("bench/deploy");
        Path work = Files.createTempDirectory("chatgeist-deploy-bench");
        Path files = artefacts(work.resolve("files"));
        List<Long> boots = new ArrayList<>();
        List<Long> first = new ArrayList<>();
        List<Long> noChange = new ArrayList<>();
        List<Long> mvnFirst = new ArrayList<>();
        List<Long> mvnNoChange = new ArrayList<>();
        List<Long> phaseFirst = new ArrayList<>();
        List<Long> phaseNoChange = new ArrayList<>();
        int execs = -1;
        for (int round = 0; round < rounds; round++) {
            try (NspawnHost host = NspawnHost.boot()) {
                boots.add(host.bootTime().toMillis());
                Path inventory = work.resolve("inventory-" + round + ".ini");
                Files.writeString(
                        inventory,
                        "[chatgeist]\ntesthost ansible_host=127.0.0.1 ansible_port="
                                + host.sshPort() + " ansible_user=bot ansible_ssh_private_key_file=" + host.clientKey()
                                + " ansible_ssh_common_args='-o UserKnownHostsFile=" + host.knownHosts()
                                + " -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes'\n");
                Run deploy = playbook(ansible, benchDir, inventory, files, work, false);
                assertThat(deploy.failed).as(deploy.output).isZero();
                assertThat(deploy.changed).as(deploy.output).isPositive();
                first.add(deploy.millis);
                Run again = playbook(ansible, benchDir, inventory, files, work, false);
                assertThat(again.failed).as(again.output).isZero();
                assertThat(again.changed).as(again.output).isZero();
                noChange.add(again.millis);
                if (Boolean.getBoolean("bench.profile")) {
                    System.out.println(deploy.output + "\n" + again.output);
                }
                assertDeployed(host);
                if (round == 0) { // one extra, untimed verbose run to count what goes over the wire
                    Run verbose = playbook(ansible, benchDir, inventory, files, work, true);
                    execs = (int) verbose.output
                            .lines()
                            .filter(l -> l.contains("SSH: EXEC ssh"))
                            .count();
                }
            }
            try (NspawnHost host = NspawnHost.boot()) {
                Path inventory = work.resolve("inventory-" + round + ".yaml");
                Files.writeString(
                        inventory,
                        "all:\n  hosts:\n    testhost:\n      ansible_host: 127.0.0.1\n"
                                + "      ansible_port: " + host.sshPort() + "\n      ansible_user: bot\n"
                                + "      ansible_ssh_private_key_file: " + host.clientKey()
                                + "\n      ansible_become: true\n"
                                + "      chatgeist_app_dir: /home/bot/chatgeist\n      chatgeist_java: "
                                + NspawnHost.JAVA + "\n"
                                + "      chatgeist_jobs:\n        update: \"0 */4 * * *\"\n        sync-token: false\n"
                                + "        bot: service\n");
                Mvn deploy = mvnDeploy(root, inventory, host, files);
                assertThat(deploy.output).contains("BUILD SUCCESS").containsPattern("changed=[1-9]");
                mvnFirst.add(deploy.millis);
                phaseFirst.add(deploy.phaseMillis);
                Mvn again = mvnDeploy(root, inventory, host, files);
                assertThat(again.output)
                        .contains("BUILD SUCCESS")
                        .containsPattern("changed=0 ")
                        .doesNotContain("changed: [");
                mvnNoChange.add(again.millis);
                phaseNoChange.add(again.phaseMillis);
                if (Boolean.getBoolean("bench.profile")) {
                    System.out.println(deploy.output + "\n" + again.output);
                }
                assertDeployed(host);
            }
        }
        long ansibleNoChange = median(noChange);
        String report = "bench=ansible-deploy tool=\"" + version(ansible) + "\" rounds=" + rounds
                + " first_deploy_median_ms=" + median(first) + " no_change_median_ms=" + ansibleNoChange
                + " no_change_ssh_execs=" + execs + " host_boot_median_ms=" + median(boots)
                + "\nfirst_deploy_ms=" + first + "\nno_change_ms=" + noChange + "\nhost_boot_ms=" + boots + "\n"
                + "bench=plugin-deploy command=\"./mvnw -o chatgeist:deploy\" rounds=" + rounds
                + " phase_first_median_ms=" + median(phaseFirst) + " phase_no_change_median_ms=" + median(phaseNoChange)
                + " mvn_first_median_ms=" + median(mvnFirst) + " mvn_no_change_median_ms=" + median(mvnNoChange)
                + "\nphase_first_ms=" + phaseFirst + "\nphase_no_change_ms=" + phaseNoChange
                + "\nmvn_first_ms=" + mvnFirst + "\nmvn_no_change_ms=" + mvnNoChange + "\n"
                + String.format(
                        java.util.Locale.ROOT,
                        "ratio phase_no_change/ansible_no_change=%.3f (target <= 0.2)"
                                + " mvn_no_change/ansible_no_change=%.3f (target <= 0.5) mvn_first/ansible_first=%.3f%n",
                        median(phaseNoChange) / (double) ansibleNoChange,
                        median(mvnNoChange) / (double) ansibleNoChange,
                        median(mvnFirst) / (double) median(first));
        System.out.print(report);
        Path out = Path.of("target/bench-deploy.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    private static void assertDeployed(NspawnHost host) throws IOException {
        try (Transport bot = host.connect(SshLibrary.SSHJ)) {
            assertThat(bot.exec("systemctl is-active chatgeist-bot").stdout()).isEqualTo("active\n");
            assertThat(bot.exec("crontab -l").stdout()).contains("/home/bot/chatgeist/bin/chatgeist");
        }
    }

    private record Mvn(long millis, long phaseMillis, String output) {}

    private static final Pattern PHASE = Pattern.compile("deploy phase: (\\d+) ms");

    /** The user's command, from the repository root: ./mvnw chatgeist:deploy with the bench's files. */
    private static Mvn mvnDeploy(Path root, Path inventory, NspawnHost host, Path files) throws Exception {
        List<String> command = List.of(
                root.resolve("mvnw").toString(),
                "-o",
                "-B",
                "chatgeist:deploy",
                "-Dchatgeist.inventory=" + inventory,
                "-Dchatgeist.knownHosts=" + host.knownHosts(),
                "-Dchatgeist.runtimeJar=" + files.resolve("chatgeist-runtime.jar"),
                "-Dchatgeist.targets=" + files.resolve("targets.json"),
                "-Dchatgeist.prompts=" + files.resolve("prompts"),
                "-Dchatgeist.envFile=" + files.resolve("dot-env"));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        long start = System.nanoTime();
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("mvnw chatgeist:deploy timed out");
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        Matcher phase = PHASE.matcher(output);
        if (process.exitValue() != 0 || !phase.find()) {
            throw new IOException("mvnw chatgeist:deploy failed (exit " + process.exitValue() + "):\n" + output);
        }
        return new Mvn(millis, Long.parseLong(phase.group(1)), output);
    }

    /**
     * The floor under a no-change deploy by the plugin, per library, on a host that Ansible has deployed: the
     * first connection in this JVM (cold for the first library), one batched state probe (everything a no-change
     * run must read, in one command), and 44 single commands (what Ansible's no-change run executes).
     */
    @Test
    void transportFloor() throws Exception {
        Path ansible = Tools.require("/usr/bin/ansible-playbook");
        Path benchDir = repositoryRoot().resolve("bench/deploy");
        Path work = Files.createTempDirectory("chatgeist-deploy-bench");
        Path files = artefacts(work.resolve("files"));
        StringBuilder report = new StringBuilder();
        try (NspawnHost host = NspawnHost.boot()) {
            Path inventory = work.resolve("inventory.ini");
            Files.writeString(
                    inventory,
                    "[chatgeist]\ntesthost ansible_host=127.0.0.1 ansible_port="
                            + host.sshPort() + " ansible_user=bot ansible_ssh_private_key_file=" + host.clientKey()
                            + " ansible_ssh_common_args='-o UserKnownHostsFile=" + host.knownHosts()
                            + " -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes'\n");
            playbook(ansible, benchDir, inventory, files, work, false);
            String probe = "cd /home/bot/chatgeist && sha256sum chatgeist-runtime.jar targets.json docker-compose.yml"
                    + " prompts/*.md .env; stat -c '%n %a %U' . databases logs prompts .env; crontab -l;"
                    + " sha256sum /etc/systemd/system/chatgeist-bot.service;"
                    + " systemctl show -p ActiveState -p NRestarts -p UnitFileState chatgeist-bot.service;"
                    + " command -v docker || true";
            for (SshLibrary library : SshLibrary.values()) {
                long t0 = System.nanoTime();
                try (Transport bot = host.connect(library)) {
                    long t1 = System.nanoTime();
                    Transport.ExecResult state = bot.exec(probe);
                    long t2 = System.nanoTime();
                    assertThat(state.ok()).as(state.stderr()).isTrue();
                    for (int i = 0; i < 44; i++) {
                        bot.exec("true");
                    }
                    long t3 = System.nanoTime();
                    report.append("bench=transport-floor library=")
                            .append(library)
                            .append(" connect_ms=")
                            .append((t1 - t0) / 1_000_000)
                            .append(" batched_state_probe_ms=")
                            .append((t2 - t1) / 1_000_000)
                            .append(" execs_44_ms=")
                            .append((t3 - t2) / 1_000_000)
                            .append('\n');
                }
            }
        }
        System.out.print(report);
        Path out = Path.of("target/bench-transport-floor.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
    }

    private record Run(long millis, int changed, int failed, String output) {}

    private static Run playbook(Path ansible, Path benchDir, Path inventory, Path files, Path work, boolean verbose)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                ansible.toString(),
                "-i",
                inventory.toString(),
                benchDir.resolve("playbook.yml").toString(),
                "-e",
                "files_dir=" + files,
                "-e",
                "java=" + NspawnHost.JAVA));
        if (verbose) {
            command.add("-vvv");
        }
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(benchDir.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("ANSIBLE_CONFIG", benchDir.resolve("ansible.cfg").toString());
        env.put("ANSIBLE_NOCOLOR", "1");
        if (Boolean.getBoolean("bench.profile")) { // per-task times in the output (bench/deploy/run.sh -p)
            env.put("ANSIBLE_CALLBACKS_ENABLED", "ansible.posix.profile_tasks");
        }
        // a fresh ControlPersist socket directory: no run rides on the previous run's SSH connection
        env.put(
                "ANSIBLE_SSH_CONTROL_PATH_DIR",
                Files.createTempDirectory(work, "cp").toString());
        long start = System.nanoTime();
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("ansible-playbook timed out");
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        Matcher recap = RECAP.matcher(output.substring(Math.max(0, output.lastIndexOf("PLAY RECAP"))));
        if (process.exitValue() != 0 || !recap.find()) {
            throw new IOException("ansible-playbook failed (exit " + process.exitValue() + "):\n" + output);
        }
        return new Run(millis, Integer.parseInt(recap.group(2)), Integer.parseInt(recap.group(4)), output);
    }

    /** What a deploy ships: an 18 MB runtime jar that really starts (and idles), targets, prompts, compose, .env. */
    static Path artefacts(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("prompts"));
        Files.createDirectories(dir.resolve("bin"));
        Files.write(dir.resolve("bin/chatgeist"), Launcher.script()); // what the plugin installs too
        TestJars.idle(dir.resolve("chatgeist-runtime.jar"), "chatgeist bench idle up", 18_000_000);
        Files.writeString(
                dir.resolve("targets.json"),
                "{\"chats\": {\"example\": \"@example_chat\"}, \"updated_at\": \"2026-01-01T00:00:00Z\"}\n");
        Files.writeString(
                dir.resolve("docker-compose.yml"),
                "services:\n  claude-sandbox:\n    image: node:22\n" + "    restart: unless-stopped\n");
        for (String prompt : List.of("base", "dossier", "search", "top")) {
            Files.writeString(
                    dir.resolve("prompts/" + prompt + ".md"),
                    "# " + prompt + " prompt\n" + "Answer in Ukrainian.\n".repeat(40));
        }
        Files.writeString(
                dir.resolve("dot-env"),
                "TELEGRAM_API_ID=12345\nTELEGRAM_API_HASH=bench-not-a-secret\n"
                        + "TELEGRAM_BOT_TOKEN=bench-not-a-secret\nCLAUDE_CODE_OAUTH_TOKEN=bench-not-a-secret\n");
        return dir;
    }

    static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String version(Path ansible) throws IOException {
        return Tools.run(List.of(ansible.toString(), "--version"))
                .lines()
                .findFirst()
                .orElse("?");
    }

    private static Path repositoryRoot() {
        Path cwd = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        return Files.isDirectory(cwd.resolve("bench")) ? cwd : cwd.getParent();
    }
}
