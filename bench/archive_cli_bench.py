#!/usr/bin/env python3
"""Benchmark of the archive commands on a 1M-message archive: `search` latency, `export` throughput beside `import`.

Builds (once, reused later) a Python-format dump with gen_jsonl.py (-n 1000000 --seed 1) and imports it with the
project's `import` into bench/work/archcli/h (timed: the import figure). Then, each figure the median of --runs:
  - search: wall time of the whole `chatgeist search` process (JVM start included) for typical queries, beside
    the wall time of `chatgeist --version` (the JVM's own start-up) so the search part can be read off;
  - export: wall time, rows/s and peak RSS of `export --format jsonl` and `--format csv` to a file;
  - round trip: `import` of the JSONL export into a fresh home (timed), and with --verify a digest of every row of
    both archives (they must be equal).
Every process runs with the scheduled jobs' JVM options (README, "Running unattended"); RSS is os.wait4's peak.

  ./mvnw -q -B -o -pl chatgeist-runtime -am package -DskipTests
  python3 bench/archive_cli_bench.py [--messages N] [--runs R] [--verify]
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from import_bench import rows_digest  # noqa: E402  (one row digest for every benchmark)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(os.path.dirname(ROOT), "shared", "tools", "gen_jsonl.py")
if not os.path.exists(GEN):
    GEN = "/work/shared/tools/gen_jsonl.py"
JAR = os.path.join(ROOT, "chatgeist-runtime", "target", "chatgeist-runtime.jar")
JAVA = ["java", "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", JAR]

SEARCHES = [
    ("common word, newest first", ["--chat", "bench", "квартира"]),
    ("common word, by rank", ["--chat", "bench", "--rank", "квартира"]),
    ("rare word", ["--chat", "bench", "нотаріус", "консульство"]),
    ("phrase + one year", ["--chat", "bench", "--from", "2023-01-01", "--to", "2023-12-31", "\"оренда житла\""]),
    ("word + sender", ["--chat", "bench", "--sender", "олена", "робота"]),
    ("100 hits as JSON", ["--chat", "bench", "--json", "--limit", "100", "docker"]),
]


def run(cmd, out=None):
    """Runs cmd; returns (wall seconds, peak RSS MB)."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=out or subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), err.decode("utf-8", "replace")))
    return wall, usage.ru_maxrss / 1024.0


def median_of(runs, cmd):
    walls, rss = [], []
    for _ in range(runs):
        w, r = run(cmd)
        walls.append(w)
        rss.append(r)
    return statistics.median(walls), max(rss)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--messages", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", default=os.path.join(ROOT, "bench", "work", "archcli"))
    ap.add_argument("--verify", action="store_true", help="compare every row of the archive and its round trip")
    args = ap.parse_args()
    if not os.path.exists(JAR):
        sys.exit("missing %s: build it first with ./mvnw -q -B -o -pl chatgeist-runtime -am package -DskipTests" % JAR)
    os.makedirs(args.work, exist_ok=True)
    env = dict(os.environ, TZ="UTC")
    os.environ.update(env)
    dump = os.path.join(args.work, "m%d.jsonl" % args.messages)
    home = os.path.join(args.work, "h")
    db = os.path.join(home, "databases", "bench.db")
    if not os.path.exists(dump):
        print("generating %s ..." % dump, flush=True)
        subprocess.run([sys.executable, GEN, "-n", str(args.messages), "--seed", "1", "-o", dump], check=True)
    n = args.messages
    import_wall = None
    if not os.path.exists(db):
        print("importing (timed) ...", flush=True)
        import_wall, import_rss = run(JAVA + ["--home", home, "import", "--chat", "bench", dump])
        print("import of the gen_jsonl dump: %.1f s, %.0f msg/s, peak RSS %.0f MB" % (
            import_wall, n / import_wall, import_rss), flush=True)

    base, base_rss = median_of(args.runs, JAVA + ["--version"])
    print("\nsearch on %d messages (median of %d runs, whole process)" % (n, args.runs))
    print("  %-28s %8.0f ms  RSS %4.0f MB" % ("JVM start (--version)", base * 1000, base_rss))
    for label, a in SEARCHES:
        wall, rss = median_of(args.runs, JAVA + ["--home", home, "search"] + a)
        print("  %-28s %8.0f ms  (%+.0f ms over JVM start)  RSS %4.0f MB" % (label, wall * 1000, (wall - base) * 1000, rss))

    print("\nexport of %d messages (median of %d runs)" % (n, args.runs))
    exports = {}
    for fmt in ("jsonl", "csv"):
        target = os.path.join(args.work, "export." + fmt)
        wall, rss = median_of(args.runs, JAVA + ["--home", home, "export", "--chat", "bench", "--format", fmt,
                                                 "-o", target])
        exports[fmt] = target
        size = os.path.getsize(target) / 1e6
        print("  %-6s %6.1f s  %8.0f msg/s  %6.0f MB written  peak RSS %4.0f MB" % (fmt, wall, n / wall, size, rss))

    again = os.path.join(args.work, "again")
    shutil.rmtree(again, ignore_errors=True)
    wall, rss = run(JAVA + ["--home", again, "import", "--chat", "bench", exports["jsonl"]])
    print("\nimport of the JSONL export into a fresh home: %.1f s, %.0f msg/s, peak RSS %.0f MB" % (wall, n / wall, rss))
    if import_wall:
        print("import of the gen_jsonl dump (above):         %.1f s, %.0f msg/s" % (import_wall, n / import_wall))
    if args.verify:
        same = rows_digest(db) == rows_digest(os.path.join(again, "databases", "bench.db"))
        print("round trip rows identical: %s" % same)
        if not same:
            sys.exit(1)


if __name__ == "__main__":
    main()
