#!/usr/bin/env bash
# Wall time and peak memory (max RSS) of `sync-token` as launchd/cron run it, with the flags of the scheduled
# command line. The Claude CLI and Docker are replaced by no-op stand-ins (they cannot run here), so the figures
# are the JVM's own cost; a real `claude --print ping` adds its round trip to Anthropic, a real recreate adds
# Docker's time. Usage: bench/sync-token.sh [RUNS]   (build first: ./mvnw -q -o -pl chatgeist-runtime -am package)
set -euo pipefail
runs=${1:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
jar="$root/chatgeist-runtime/target/chatgeist-runtime.jar"
[ -f "$jar" ] || { echo "no $jar: build it first (./mvnw -q -o -pl chatgeist-runtime -am package)" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (/usr/bin/time; apt-get install time)" >&2; exit 2; }
java=$(command -v java) || { echo "no java on PATH" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/home" "$work/bin" "$work/user/.claude"
printf '#!/bin/sh\necho pong\n' > "$work/bin/claude"
printf '#!/bin/sh\nexit 0\n' > "$work/bin/docker"
chmod +x "$work/bin/claude" "$work/bin/docker"
creds() {
  printf '{"claudeAiOauth":{"accessToken":"sk-ant-oat01-bench%s%s","refreshToken":"r","expiresAt":%s000}}' \
    "$RANDOM" "$1" $(( $(date +%s) + 18000 )) > "$work/user/.claude/.credentials.json"
}
measure() { # label, then whether to write new credentials before each run
  local label=$1 fresh=$2 total=0 max_rss=0
  for i in $(seq "$runs"); do
    [ "$fresh" = yes ] && creds "$i"
    out=$(env -i PATH="$work/bin" HOME="$work/user" /usr/bin/time -f '%e %M' \
      "$java" -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$jar" --home "$work/home" sync-token \
      2>&1 >/dev/null | tail -n 1)
    set -- $out
    [ $# -eq 2 ] || { echo "unexpected output: $out" >&2; exit 1; }
    total=$(echo "$total + $1" | bc)
    [ "$2" -gt "$max_rss" ] && max_rss=$2
  done
  tail -n 1 "$work/home/logs/sync_token.log" | grep -q " exit=0 " || { echo "the last run failed: $(tail -n 1 "$work/home/logs/sync_token.log")" >&2; exit 1; }
  printf '%-28s runs=%d mean_wall=%.2fs max_rss=%d KiB\n' "$label" "$runs" "$(echo "$total / $runs" | bc -l)" "$max_rss"
}
creds 0
measure "token changed (write+recreate)" yes
measure "token unchanged (no Docker)" no
