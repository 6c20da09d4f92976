#!/usr/bin/env bash
# Benchmark (not a test): `chatgeist login` + `chatgeist update` through bin/chatgeist against the stand-in Telegram DC
# (chatgeist-runtime/src/test/node/standin.js) on loopback. Prints, per history size: messages/s end to end into
# the archive, RPC requests per 10,000 messages, and the JVM's peak resident memory.
# Usage: bench/mtproto-bench.sh [SIZES...]   (default: 10000 50000)
# TELEGRAM_TRANSPORT=intermediate|obfuscated in the environment picks the transport (default obfuscated).
# Needs: the jar (./mvnw -q -o -pl chatgeist-runtime -am package -DskipTests), Node + GramJS (.ci/setup-mtproto.sh).
set -euo pipefail
source "$(dirname "$0")/lib/standin.sh"
# bin/chatgeist runs the jar as the scheduled jobs do (batch JVM flags); JVM_FLAGS=... replaces the flags
if [ -n "${JVM_FLAGS+set}" ]; then
    export CHATGEIST_JAVA_OPTS="$JVM_FLAGS"
fi
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 50000)
work="$root/bench/work/mtproto"
rm -rf "$work" && mkdir -p "$work"

printf '%-10s %-10s %-12s %-12s %-14s %-12s %-14s %-12s\n' messages seconds msgs_per_s engine_s engine_msgs_s requests req_per_10k peak_rss_MiB
run=0
for n in "${sizes[@]}"; do
    run=$((run + 1))
    coproc DC { cd "$node_dir" && exec node standin.js "$work/dc-$run" "$n"; }
    exec 3<&"${DC[0]}" 4>&"${DC[1]}"
    read -r ready <&3
    home="$work/home-$run"
    standin_home "$home" "$ready"
    "$root/bin/chatgeist" --home "$home" chats add big @bigchat >/dev/null
    echo '{"cmd":"warm"}' >&4; read -r _ <&3
    echo '{"cmd":"resetStats"}' >&4; read -r _ <&3
    start=$(date +%s.%N)
    /usr/bin/time -f '%M' -o "$work/rss-$run" "$root/bin/chatgeist" --home "$home" update >"$work/update-$run.log" 2>&1
    end=$(date +%s.%N)
    echo '{"cmd":"stats"}' >&4; read -r stats <&3
    requests=$(json "$stats" o.total)
    stored=$(sqlite3 "$home/databases/big.db" 'select count(*) from messages' 2>/dev/null \
        || grep -o '[0-9,]* total' "$work/update-$run.log" | tr -d ', total')
    secs=$(echo "$end - $start" | bc -l)
    rss=$(( $(tail -1 "$work/rss-$run") / 1024 ))
    engine=$(grep -o 'last id [0-9]* ([0-9.]*s)' "$work/update-$run.log" | grep -o '([0-9.]*' | tr -d '(')
    printf '%-10s %-10.2f %-12.0f %-12s %-14.0f %-12s %-14.1f %-12s\n' "$stored" "$secs" "$(echo "$stored / $secs" | bc -l)" \
        "$engine" "$(echo "$stored / $engine" | bc -l)" "$requests" "$(echo "$requests * 10000 / $stored" | bc -l)" "$rss"
    exec 4>&- 3<&-
    kill "$DC_PID" 2>/dev/null || true
    wait "$DC_PID" 2>/dev/null || true
done
echo "(seconds: the whole \`bin/chatgeist update\` process with the scheduled jobs' JVM flags (-Xmx64m -XX:+UseSerialGC"
echo " -XX:TieredStopAtLevel=1; override with JVM_FLAGS=...), JVM start included; engine_s: the"
echo " update engine's own time for the chat as it logs it: connect, session check, resolve, all pages, SQLite;"
echo " requests: RPCs the stand-in served, setup included)"
