package dev.chatgeist.plugin.task;

import dev.chatgeist.plugin.transport.Transport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads many probes in one round trip: every probe command runs in its own subshell inside one script (all at
 * the same time), and its exit status, stdout and stderr come back base64-encoded between boundary lines, so a
 * no-change run over SSH costs one exec however many tasks there are.
 */
public final class StateReader {

    /** Runs every distinct command once; the result maps each command to its answer. */
    public Map<String, ProbeResult> read(Transport transport, Collection<String> commands) throws IOException {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(commands));
        Map<String, ProbeResult> out = new LinkedHashMap<>();
        if (distinct.isEmpty()) {
            return out;
        }
        String boundary = "@@chatgeist-" + UUID.randomUUID();
        Transport.ExecResult r = transport.exec(script(boundary, distinct));
        List<ProbeResult> results = parse(boundary, r.stdout());
        if (results.size() != distinct.size()) {
            throw new IOException("reading the state of " + transport.describe() + " failed (exit " + r.exitCode()
                    + ", " + results.size() + " of " + distinct.size() + " answers): "
                    + r.stderr().strip());
        }
        for (int i = 0; i < distinct.size(); i++) {
            out.put(distinct.get(i), results.get(i));
        }
        return out;
    }

    /**
     * All probes start at once, each in its own background subshell writing to its own files in a temporary
     * directory (they only read, so they cannot disturb each other); then their answers are printed in order. The
     * batch takes about as long as its slowest probe (hashing the jar, asking systemd) instead of the sum of all.
     */
    static String script(String boundary, List<String> commands) {
        StringBuilder sb = new StringBuilder();
        sb.append("d=$(mktemp -d 2>/dev/null || mktemp -d -t chatgeist) || exit 97\n");
        sb.append("trap 'rm -rf \"$d\"' EXIT\n");
        for (int i = 0; i < commands.size(); i++) {
            sb.append("(\n")
                    .append(commands.get(i))
                    .append("\n) >\"$d/")
                    .append(i)
                    .append("\" 2>\"$d/")
                    .append(i)
                    .append("e\" </dev/null &\np")
                    .append(i)
                    .append("=$!\n");
        }
        for (int i = 0; i < commands.size(); i++) {
            sb.append("wait $p")
                    .append(i)
                    .append("; printf '%s %d\\n' '")
                    .append(boundary)
                    .append("' $?\n");
            sb.append("base64 <\"$d/").append(i).append("\"\n");
            sb.append("printf '%s\\n' '").append(boundary).append("-stderr'\n");
            // most probes print nothing on stderr: no base64 process for them
            sb.append("[ ! -s \"$d/")
                    .append(i)
                    .append("e\" ] || base64 <\"$d/")
                    .append(i)
                    .append("e\"\n");
        }
        return sb.toString();
    }

    static List<ProbeResult> parse(String boundary, String output) {
        List<ProbeResult> out = new ArrayList<>();
        Integer code = null;
        StringBuilder stdout = null;
        StringBuilder stderr = null;
        for (String line : output.split("\n", -1)) {
            if (line.startsWith(boundary + " ")) {
                if (code != null) {
                    out.add(result(code, stdout, stderr));
                }
                code = Integer.parseInt(line.substring(boundary.length() + 1).trim());
                stdout = new StringBuilder();
                stderr = null;
            } else if (line.equals(boundary + "-stderr")) {
                stderr = new StringBuilder();
            } else if (code != null) {
                (stderr != null ? stderr : stdout).append(line);
            }
        }
        if (code != null && stderr != null) {
            out.add(result(code, stdout, stderr));
        }
        return out;
    }

    private static ProbeResult result(int code, StringBuilder stdout, StringBuilder stderr) {
        Base64.Decoder d = Base64.getMimeDecoder();
        byte[] out = d.decode(stdout.toString());
        String err = stderr == null ? "" : new String(d.decode(stderr.toString()), StandardCharsets.UTF_8);
        return new ProbeResult(code, out, err);
    }
}
