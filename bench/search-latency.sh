#!/usr/bin/env bash
# Benchmark: `search` on a 1M-message archive inside one JVM (archive opened per query, as the command does),
# median and p95 of RUNS per query. The whole command's wall time (JVM start included) and export-vs-import
# throughput are measured by bench/archive_cli_bench.py, which also builds the archive used here.
# Usage: bench/search-latency.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
DB=bench/work/archcli/h/databases/bench.db
./mvnw -q -B -o -pl chatgeist-runtime -am package -DskipTests >/dev/null
if [ ! -f "$DB" ]; then
  echo "no $DB yet: run python3 bench/archive_cli_bench.py first (it builds the 1M-message archive)" >&2
  exit 2
fi
./mvnw -q -B -o -pl chatgeist-runtime -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
CP="chatgeist-runtime/target/classes:chatgeist-runtime/target/test-classes:$(cat chatgeist-runtime/target/bench.classpath)"
exec java -Xmx64m -XX:+UseSerialGC -cp "$CP" dev.chatgeist.bench.SearchBench "$DB" "${1:-20}"
