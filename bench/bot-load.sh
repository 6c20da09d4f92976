#!/usr/bin/env bash
# Benchmark: 50 simulated users ask at once; the real bot against the Bot API and Messages API stand-ins,
# 2 s of analyst latency per question, CHATGEIST_MAX_CONCURRENT=3, heap capped at 256 MB.
# Usage: bench/bot-load.sh [USERS] [MS_PER_MODEL_REQUEST]   (defaults 50 and 1000: two requests per question)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -o -pl chatgeist-runtime -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
CP="chatgeist-runtime/target/classes:chatgeist-runtime/target/test-classes:$(cat chatgeist-runtime/target/bench.classpath)"
exec java -Xmx256m -XX:+UseSerialGC -cp "$CP" dev.chatgeist.bench.BotLoadBench "${1:-50}" "${2:-1000}"
