#!/usr/bin/env bash
# Benchmark: `chatgeist report` on a 1M-message archive, run as the fat jar with the scheduled jobs' JVM options
# (-Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1): wall time and peak RSS of the whole process per run, and the
# median. Builds bench/work/h/databases/bench.db once (as bench/sql-tool.sh: gen_jsonl.py -n 1000000 --seed 1,
# then `import`, ~1 min).
# Usage: bench/report.sh [RUNS]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
W=bench/work
GEN=${GEN_JSONL:-../shared/tools/gen_jsonl.py}
[ -f "$GEN" ] || GEN=/work/shared/tools/gen_jsonl.py
JAVA=(java -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar chatgeist-runtime/target/chatgeist-runtime.jar)
mkdir -p "$W"
./mvnw -q -B -o -pl chatgeist-runtime -am package -DskipTests >/dev/null
if [ ! -f "$W/h/databases/bench.db" ]; then
  [ -f "$W/m1m.jsonl" ] || python3 "$GEN" -n 1000000 --seed 1 -o "$W/m1m.jsonl"
  "${JAVA[@]}" --home "$W/h" import --chat bench "$W/m1m.jsonl"
fi
python3 - "$W" "${1:-5}" "${JAVA[@]}" <<'PY'
import os, statistics, subprocess, sys, time
work, runs, java = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
walls, rss = [], []
for i in range(runs):
    start = time.perf_counter()
    p = subprocess.Popen(java + ["--home", work + "/h", "report", "--chat", "bench", "--zone", "UTC",
                                "-o", work + "/report-bench.pdf"], stdout=subprocess.PIPE)
    out = p.stdout.read().decode().strip()
    _, status, usage = os.wait4(p.pid, 0)
    walls.append(time.perf_counter() - start)
    rss.append(usage.ru_maxrss / 1024)
    print(f"run {i + 1}: {walls[-1]:.2f} s, {rss[-1]:.0f} MB RSS  ({out})")
    if status != 0:
        sys.exit("report failed")
print(f"median: {statistics.median(walls):.2f} s wall, {statistics.median(rss):.0f} MB peak RSS "
      f"(target: under 10 s, at most 256 MB)")
PY
