#!/usr/bin/env python3
"""Import benchmark: ChatGeist (Java) beside the Python version's converter, in the same run.

Measures, for the same generated Python-format dump:
  1. a fresh import of N messages (default 1,000,000) into an empty database;
  2. an incremental import of 10,000 new messages into that database (JVM start included),
     repeated --runs times, the two tools alternating so that machine drift hits both alike.
Each figure is the wall time and the peak RSS of the whole process (os.wait4), medians over runs; the fresh
import also shows CPU time (ChatGeist parses and writes on two threads, so on a busy machine its wall time
suffers more than the single-threaded converter's: compare figures from a quiet machine, and see the load).

  ./mvnw -q -B package -DskipTests        # builds chatgeist-runtime/target/chatgeist-runtime.jar
  python3 bench/import_bench.py           # data and databases go to bench/work/ (about 3 GB)

ChatGeist runs as bin/chatgeist (the batch JVM flags); CHATGEIST_JAVA_OPTS="..." tries other flags.

Options: --messages N, --runs R, --work DIR, --verify (compare every row of the two databases),
--incremental-only (reuse the databases of an earlier run; only the 10,000-message imports).
"""

import argparse
import hashlib
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
GEN = os.path.join(SHARED, "tools", "gen_jsonl.py")
PY_CONVERTER = os.path.join(SHARED, "reference", "python", "jsonl_to_sqlite.py")
JAR = os.path.join(ROOT, "chatgeist-runtime", "target", "chatgeist-runtime.jar")
# ChatGeist runs through its launcher, as a person and the schedulers run it: bin/chatgeist execs the JVM with the
# batch flags (-Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1; CHATGEIST_JAVA_OPTS overrides them), and since it
# execs, the process measured is the JVM itself.
JAVA = [os.path.join(ROOT, "bin", "chatgeist")]


def run(cmd, log):
    """Runs cmd; returns (wall seconds, peak RSS in MB, CPU seconds user+system) of that process alone."""
    with open(log, "ab") as out:
        start = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("failed (see %s): %s" % (log, " ".join(cmd)))
    return wall, usage.ru_maxrss / 1024.0, usage.ru_utime + usage.ru_stime


def generate(path, args):
    if not os.path.exists(path):
        print("generating", os.path.basename(path), "...", flush=True)
        subprocess.run([sys.executable, GEN, "-o", path] + args, check=True)


def fresh(*paths):
    for p in paths:
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(p + suffix):
                os.remove(p + suffix)


def rows_digest(db):
    h = hashlib.sha256()
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    for row in con.execute("SELECT * FROM messages ORDER BY id"):
        h.update(repr(row).encode("utf-8"))
    con.close()
    return h.hexdigest()


LOAD = "%.1f %.1f %.1f" % os.getloadavg()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--messages", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3, help="incremental runs per tool (default 3)")
    ap.add_argument("--work", default=os.path.join(ROOT, "bench", "work"))
    ap.add_argument("--verify", action="store_true", help="check that both databases hold the same rows")
    ap.add_argument("--incremental-only", action="store_true",
                    help="skip the fresh import; reuse the databases an earlier run left in --work")
    args = ap.parse_args()
    if not os.path.exists(JAR):
        sys.exit("missing %s: build it first with ./mvnw -q -B package -DskipTests" % JAR)
    os.makedirs(args.work, exist_ok=True)
    log = os.path.join(args.work, "bench.log")
    big = os.path.join(args.work, "m%d.jsonl" % args.messages)
    inc = os.path.join(args.work, "inc10k.jsonl")
    generate(big, ["-n", str(args.messages), "--seed", "1"])
    generate(inc, ["-n", "10000", "--start-id", str(args.messages * 2), "--start-date", "2025-01-01",
                   "--days", "14", "--seed", "2"])
    size_mb = os.path.getsize(big) / 1e6

    py_db = os.path.join(args.work, "python.db")
    home = os.path.join(args.work, "home")
    os.makedirs(home, exist_ok=True)  # chatgeist refuses a --home that does not exist
    java_db = os.path.join(home, "databases", "bench.db")
    base_py, base_java = py_db + ".base", java_db + ".base"
    py_full = java_full = None
    if args.incremental_only:
        if not (os.path.exists(base_py) and os.path.exists(base_java)):
            sys.exit("no databases from an earlier run in %s; run without --incremental-only first" % args.work)
    else:
        fresh(py_db, java_db)
        print("fresh import of %d messages (%.0f MB) ..." % (args.messages, size_mb), flush=True)
        py_full = run([sys.executable, PY_CONVERTER, big, py_db], log)
        java_full = run(JAVA + ["--home", home, "import", "--chat", "bench", big], log)
        if args.verify:
            same = rows_digest(py_db) == rows_digest(java_db)
            print("rows identical:", same)
            if not same:
                sys.exit("the two databases differ")

        shutil.copyfile(py_db, base_py)
        shutil.copyfile(java_db, base_java)
    py_inc, java_inc = [], []
    for i in range(args.runs):
        print("incremental run %d/%d ..." % (i + 1, args.runs), flush=True)
        fresh(py_db, java_db)
        shutil.copyfile(base_py, py_db)
        shutil.copyfile(base_java, java_db)
        steps = [lambda: py_inc.append(run([sys.executable, PY_CONVERTER, inc, py_db], log)),
                 lambda: java_inc.append(run(JAVA + ["--home", home, "import", "--chat", "bench", inc], log))]
        for step in steps if i % 2 == 0 else reversed(steps):  # who goes first alternates
            os.sync()  # the copies' write-back must not land in either tool's timing
            step()

    def med(xs, k):
        return statistics.median(x[k] for x in xs)

    print()
    print("| measurement | Python converter | ChatGeist (Java) | ratio |")
    print("|---|---|---|---|")
    if py_full:
        print("| fresh import, %s messages: wall | %.1f s | %.1f s | %.2fx faster |"
              % (format(args.messages, ","), py_full[0], java_full[0], py_full[0] / java_full[0]))
        print("| fresh import: throughput | %s msg/s | %s msg/s | |"
              % (format(int(args.messages / py_full[0]), ","), format(int(args.messages / java_full[0]), ",")))
        print("| fresh import: peak RSS | %.0f MB | %.0f MB | |" % (py_full[1], java_full[1]))
        print("| fresh import: CPU time (user+system) | %.1f s | %.1f s | |" % (py_full[2], java_full[2]))
    print("| 10,000 new into that database (median of %d, JVM start included) | %.2f s | %.2f s | %.2fx faster |"
          % (args.runs, med(py_inc, 0), med(java_inc, 0), med(py_inc, 0) / med(java_inc, 0)))
    print("| incremental: peak RSS | %.0f MB | %.0f MB | |" % (med(py_inc, 1), med(java_inc, 1)))
    print()
    print("machine: %d CPUs, load average before the run %s; java: %s" % (os.cpu_count(), LOAD, subprocess.run(
        ["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]))


if __name__ == "__main__":
    main()
