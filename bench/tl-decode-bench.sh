#!/usr/bin/env bash
# Benchmark: TL decoding speed, pages/s of a realistic messages.getHistory answer (100 messages, see TlDecodeBench),
# once with the scheduled jobs' JVM flags (C1, serial GC, 64 MB heap) and once with the JVM's defaults (C2).
# Usage: bench/tl-decode-bench.sh [SECONDS]   (per run, default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -o -pl chatgeist-runtime -am test-compile >/dev/null
CP="chatgeist-runtime/target/classes:chatgeist-runtime/target/test-classes" # the TL code needs no library
echo "scheduled-job flags (-Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1):"
java -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$CP" dev.chatgeist.bench.TlDecodeBench "${1:-10}"
echo "JVM defaults:"
java -cp "$CP" dev.chatgeist.bench.TlDecodeBench "${1:-10}"
