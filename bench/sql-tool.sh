#!/usr/bin/env bash
# Benchmark: the prompts' typical queries through the SQL sandbox on a 1M-message archive (median of 5 runs).
# Builds bench/work/h/databases/bench.db once (gen_jsonl.py -n 1000000 --seed 1, then `import`, ~1 min).
# Usage: bench/sql-tool.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
W=bench/work
GEN=${GEN_JSONL:-../shared/tools/gen_jsonl.py}
[ -f "$GEN" ] || GEN=/work/shared/tools/gen_jsonl.py
mkdir -p "$W"
./mvnw -q -B -o -pl chatgeist-runtime -am package -DskipTests >/dev/null
if [ ! -f "$W/h/databases/bench.db" ]; then
  [ -f "$W/m1m.jsonl" ] || python3 "$GEN" -n 1000000 --seed 1 -o "$W/m1m.jsonl"
  java -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar chatgeist-runtime/target/chatgeist-runtime.jar \
    --home "$W/h" import --chat bench "$W/m1m.jsonl"
fi
./mvnw -q -B -o -pl chatgeist-runtime -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
CP="chatgeist-runtime/target/classes:chatgeist-runtime/target/test-classes:$(cat chatgeist-runtime/target/bench.classpath)"
exec java -Xmx256m -cp "$CP" dev.chatgeist.bench.SqlToolBench "$W/h/databases" bench "${1:-5}"
