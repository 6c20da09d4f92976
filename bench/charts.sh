#!/usr/bin/env bash
# Benchmark: chart rendering (one sample chart per kind, Cyrillic/CJK/emoji labels): p50/p95 ms, bytes allocated
# per chart and the heap's peak, in a JVM with the scheduled jobs' heap and collector (-Xmx64m -XX:+UseSerialGC):
# the pools' peak is then close to what rendering needs, not what a lazy collector left lying about.
# Usage: bench/charts.sh [RUNS]   (default 50 per kind; fonts from .ci/setup-bot.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -o -pl chatgeist-runtime -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
CP="chatgeist-runtime/target/classes:chatgeist-runtime/target/test-classes:$(cat chatgeist-runtime/target/bench.classpath)"
exec java -Xmx64m -XX:+UseSerialGC -Djava.awt.headless=true -cp "$CP" dev.chatgeist.bench.ChartBench "${1:-50}"
