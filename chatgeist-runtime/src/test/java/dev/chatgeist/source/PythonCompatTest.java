package dev.chatgeist.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatgeist.testing.Shared;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Differential tests against the real CPython: the same inputs must give the Python converter's values. */
class PythonCompatTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final List<String> DATES = List.of(
            "2022-01-01T00:00:00+00:00",
            "2022-01-01T00:00:00Z",
            "2022-07-08T09:22:30+00:00",
            "2022-01-01",
            "2022-01-01 10:00",
            "2022-01-01T10",
            "2022-01-01T10:00:00.5+02:00",
            "2022-01-01T10:00:00.123456789+00:00",
            "20220101T100000",
            "2022-W01-1",
            "2022W011",
            "2022-W52",
            "2022-01-01T10:00:00+0100",
            "2022-01-01T10:00:00-05",
            "2022-01-01T10:00:00,5+00:00",
            "2022-01-01x10:00",
            "not-a-date",
            "",
            "2022-13-01",
            "2022-02-30",
            "2022-01-01T25:00:00",
            "2022-01-01T10:61",
            "2022-01-01T",
            "2022-01-01T10:00:00+24:00",
            "1969-12-31T23:59:59.5+00:00",
            "1970-01-01T00:00:00.000001-00:00",
            "2024-02-29T23:59:59.999999+14:00",
            "0001-01-01T00:00:00+00:00",
            "9999-12-31T23:59:59+00:00",
            "2022-01-01T10:00:00+05:30:15",
            "2022-01-01T10:00:00.+00:00",
            "2022-01-01T1000",
            "2022-01-01T100000",
            "2022-01-01T10:0000",
            "2022-01-01T10:00:00 ",
            " 2022-01-01",
            "2022-01-01T10:00:00Zjunk",
            "2022-01-01T10:00:00z",
            "2022-１0-01",
            "2022-01-01T10:00:00.1234567+00:00",
            "2021-12-31T23:59:60+00:00",
            "2022-01-01T10:00:00:5",
            "2022-1-1",
            "22-01-01T00:00:00",
            "2022-01-01T10:00+01");

    @Test
    void timestampsEqualCPythons(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("dates.json");
        Files.writeString(in, JSON.writeValueAsString(DATES));
        Path script = dir.resolve("ts.py");
        Files.writeString(script, """
                import json, sys
                from datetime import datetime
                out = []
                for s in json.load(open(sys.argv[1], encoding='utf-8')):
                    try:
                        out.append(int(datetime.fromisoformat(s.replace('Z', '+00:00')).timestamp()))
                    except Exception:
                        out.append(None)
                print(json.dumps(out))
                """);
        String output = Shared.run(List.of(Shared.python(), script.toString(), in.toString()), dir)
                .strip();
        List<?> expected = JSON.readValue(output, List.class);
        List<Object> actual = new ArrayList<>();
        for (String d : DATES) {
            Long ts = PythonCompat.timestamp(d, ZoneId.of("UTC"));
            actual.add(ts == null ? null : ts.intValue() == ts ? (Object) ts.intValue() : ts);
        }
        for (int i = 0; i < DATES.size(); i++) {
            Object e = expected.get(i);
            Object a = actual.get(i);
            assertThat(a == null ? null : ((Number) a).longValue())
                    .as("timestamp of '%s'", DATES.get(i))
                    .isEqualTo(e == null ? null : ((Number) e).longValue());
        }
    }

    @Test
    void floatReprEqualsCPythons(@TempDir Path dir) throws Exception {
        double[] values = {
            0.0,
            -0.0,
            1.0,
            1.5,
            0.1,
            100.0,
            1e15,
            1e16,
            1.2345e-5,
            0.0001,
            123456789.125,
            -2.5,
            1e300,
            5e-324,
            12345678901234567890.0
        };
        StringBuilder py = new StringBuilder("print('\\n'.join(repr(x) for x in [");
        for (double v : values) {
            py.append("float.fromhex('").append(Double.toHexString(v)).append("'),");
        }
        py.append("]))");
        String output = Shared.run(List.of(Shared.python(), "-c", py.toString()), dir);
        List<String> expected = output.lines().toList();
        for (int i = 0; i < values.length; i++) {
            assertThat(PythonCompat.floatRepr(values[i]))
                    .as("repr of %s", values[i])
                    .isEqualTo(expected.get(i));
        }
    }

    @Test
    void whitespaceIsPythonsStripSet() {
        assertThat(PythonCompat.isSpace(' ')).isTrue();
        assertThat(PythonCompat.isSpace(0x1F)).isTrue();
        assertThat(PythonCompat.isSpace(0xA0)).isTrue();
        assertThat(PythonCompat.isSpace(0x3000)).isTrue();
        assertThat(PythonCompat.isSpace(0x200B)).isFalse(); // zero-width space is not whitespace to Python
        assertThat(PythonCompat.isSpace('x')).isFalse();
    }
}
