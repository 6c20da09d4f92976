package dev.chatgeist.plugin.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatgeist.plugin.testing.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real tools that read our rendered files back: systemd-analyze, Python's plistlib, Debian's plistutil. */
final class RealParsers {
    private RealParsers() {}

    /** systemd-analyze verify on the units, which must pass without a single warning. */
    static void systemdVerify(Path dir, RenderedFile... units) throws Exception {
        Tools.require("systemd-analyze", "systemd");
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of("systemd-analyze", "verify"));
        for (RenderedFile u : units) {
            Files.writeString(dir.resolve(u.name()), u.content(), StandardCharsets.UTF_8);
            cmd.add(dir.resolve(u.name()).toString());
        }
        Tools.Result r = Tools.run(dir, cmd);
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stderr()).as("systemd-analyze verify warnings").isBlank();
    }

    /** Python's plistlib, an independent parser, turns the plist into JSON for key-by-key checks. */
    static JsonNode plistlib(Path dir, String content) throws Exception {
        Tools.require("python3", "python3");
        Path f = Files.writeString(Files.createDirectories(dir).resolve("p.plist"), content);
        Tools.Result r = Tools.run(
                null,
                List.of(
                        "python3",
                        "-c",
                        "import plistlib,json,sys; print(json.dumps(plistlib.load(open(sys.argv[1],'rb'))))",
                        f.toString()));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return new ObjectMapper().readTree(r.stdout());
    }

    /** Debian's plistutil (libplist), a second independent parser: converts to binary and back to XML. */
    static String plistutilRoundTrip(Path dir, String content) throws Exception {
        Tools.require("plistutil", "libplist-utils");
        Path in = Files.writeString(Files.createDirectories(dir).resolve("in.plist"), content);
        Path bin = dir.resolve("out.bplist");
        Path back = dir.resolve("back.plist");
        Tools.Result r1 = Tools.run(null, List.of("plistutil", "-i", in.toString(), "-o", bin.toString(), "-f", "bin"));
        assertThat(r1.exitCode()).as(r1.stderr() + r1.stdout()).isZero();
        Tools.Result r2 =
                Tools.run(null, List.of("plistutil", "-i", bin.toString(), "-o", back.toString(), "-f", "xml"));
        assertThat(r2.exitCode()).as(r2.stderr()).isZero();
        return Files.readString(back);
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
