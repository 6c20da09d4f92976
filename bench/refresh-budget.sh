#!/usr/bin/env bash
# Benchmark (not a test) of the refresh window's request budget (issue 12, docs/mtproto.md "Refresh"): a chat
# gaining 1,000 messages a day, updated hourly for one simulated day, by two homes on the same stand-in Telegram DC
# (chatgeist-runtime/src/test/node/standin.js): one with the default refresh (CHATGEIST_REFRESH_DAYS=7), one plain
# (CHATGEIST_REFRESH_DAYS=0). Each run: 1000/24 new messages (41 or 42) and reactions changed on five messages
# (three of the last hour's, two 1-10 hours old); then a quiet day (24 runs, nothing new). Prints the requests the stand-in served per day for both and
# the ratio, total and history-only (without the session check every run makes).
# Usage: bench/refresh-budget.sh [RUNS_PER_DAY] [MESSAGES_PER_DAY] [HISTORY_DAYS]   (default: 24 1000 7)
# Needs: the jar (./mvnw -q -o -pl chatgeist-runtime -am package -DskipTests), Node + GramJS (.ci/setup-mtproto.sh).
set -euo pipefail
source "$(dirname "$0")/lib/standin.sh"
runs=${1:-24}
per_day=${2:-1000}
history_days=${3:-7}
work="$root/bench/work/refresh"
rm -rf "$work" && mkdir -p "$work"

coproc DC { cd "$node_dir" && exec node standin.js "$work/dc" 100; }
exec 3<&"${DC[0]}" 4>&"${DC[1]}"
read -r ready <&3
cmd() { echo "$1" >&4; read -r answer <&3; echo "$answer"; }

setup_home() { # $1 home, $2 CHATGEIST_REFRESH_DAYS
    standin_home "$1" "$ready" "CHATGEIST_REFRESH_DAYS=$2"
    "$root/bin/chatgeist" --home "$1" chats add live @livechat >/dev/null
}

# one update of home $1; prints "<all requests> <history requests> <requests by id>"
update() {
    cmd '{"cmd":"resetStats"}' >/dev/null
    "$root/bin/chatgeist" --home "$1" update >>"$work/$(basename "$1").log" 2>&1
    local s
    s=$(cmd '{"cmd":"stats"}')
    json "$s" '[o.total, o.byMethod["messages.GetHistory"]||0,
        (o.byMethod["channels.GetMessages"]||0)+(o.byMethod["messages.GetMessagesReactions"]||0)+(o.byMethod["messages.GetMessagesViews"]||0)].join(" ")'
}

cmd "{\"cmd\":\"liveChat\",\"chat\":\"live\",\"username\":\"livechat\",\"count\":$((per_day * history_days)),\"perDay\":$per_day}" >/dev/null
refresh="$work/refresh" plain="$work/plain"
setup_home "$refresh" 7
setup_home "$plain" 0
update "$refresh" >/dev/null
update "$plain" >/dev/null

day() { # $1 busy|quiet; prints per-run counts to $work/$1.tsv and the day's sums
    local r=0 p=0 rh=0 ph=0 rb=0 grown=0
    printf 'run\tnew\trefresh_total\trefresh_history\trefresh_by_id\tplain_total\tplain_history\n' > "$work/$1.tsv"
    for i in $(seq 1 "$runs"); do
        local n=0
        if [ "$1" = busy ]; then
            n=$(( per_day * i / runs - grown ))
            grown=$(( grown + n ))
            cmd "{\"cmd\":\"grow\",\"chat\":\"live\",\"count\":$n,\"perDay\":$per_day}" >/dev/null
            # reactions change on five messages: three of the last hour's, two 1 to 10 hours old
            local picked
            picked=$(sqlite3 "$refresh/databases/live.db" "select group_concat(id) from (select id from (select id, row_number() over (order by id desc) - 1 as age from messages where is_service = 0) where age in ($(( (i * 7) % 40 )), $(( (i * 11 + 13) % 40 )), $(( (i * 13 + 29) % 40 )), $(( 42 + (i * 37) % 378 )), $(( 42 + (i * 53 + 101) % 378 ))))")
            ops=$(node -p "process.argv[1].split(',').map((id,k)=>({op:'react',id:+id,emoticon:'👍',count:$i+k})).map(o=>JSON.stringify(o)).join(',')" "$picked")
            echo "$picked" | tr ',' '\n' >> "$work/changed.txt"
            cmd "{\"cmd\":\"change\",\"chat\":\"live\",\"ops\":[$ops]}" >/dev/null
        fi
        read -r rt rhh rbb < <(update "$refresh")
        read -r pt phh _ < <(update "$plain")
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$i" "$n" "$rt" "$rhh" "$rbb" "$pt" "$phh" >> "$work/$1.tsv"
        r=$((r + rt)) p=$((p + pt)) rh=$((rh + rhh)) ph=$((ph + phh)) rb=$((rb + rbb))
    done
    echo "$r $p $rh $ph $rb"
}

read -r br bp brh bph brb < <(day busy)
read -r qr qp qrh qph qrb < <(day quiet)
# how many archived messages differ from what the stand-in serves now (reactions, views, forwards or text)
cmd "{\"cmd\":\"refreshExpected\",\"chat\":\"live\",\"file\":\"$work/served.jsonl\"}" >/dev/null
stale() {
    sqlite3 -json "$1/databases/live.db" 'select id, message, reactions_detail, views, forwards from messages' > "$work/archived.json"
    node -e '
        const fs = require("fs");
        const served = new Map(fs.readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse).map((r) => [r.id, r]));
        let n = 0;
        for (const a of JSON.parse(fs.readFileSync(process.argv[2], "utf8"))) {
            const s = served.get(a.id);
            if (s.message !== a.message || s.reactions_detail !== a.reactions_detail || s.views !== a.views || s.forwards !== a.forwards) n++;
        }
        console.log(n);' "$work/served.jsonl" "$work/archived.json"
}
changed=$(sort -u "$work/changed.txt" | grep -c .)
stale_refresh=$(stale "$refresh")
stale_plain=$(stale "$plain")
ratio() { printf '%.1f' "$(echo "scale=4; ($1 - $2) * 100 / $2" | bc -l)"; }
echo "A chat of $((per_day * history_days)) messages gaining $per_day a day, $runs runs a day (per-run counts: $work/*.tsv)"
printf '%-14s %-22s %-22s %-10s\n' day "refresh (default 7 d)" "plain (REFRESH_DAYS=0)" "extra"
printf '%-14s %-22s %-22s %-10s\n' "busy: all" "$br" "$bp" "+$(ratio "$br" "$bp")%"
printf '%-14s %-22s %-22s %-10s\n' "busy: history" "$brh (+$brb by id)" "$bph" "+$(ratio "$((brh + brb))" "$bph")%"
printf '%-14s %-22s %-22s %-10s\n' "quiet: all" "$qr" "$qp" "+$(ratio "$qr" "$qp")%"
echo "messages whose reactions changed on the busy day: $changed; still different from Telegram's after the two days:"
echo "  refresh $stale_refresh, plain $stale_plain (reactions of three of the last hour's messages and two 1-10 hours old each run)"
echo "(all: every request the stand-in served, the session check (users.getUsers) of each run included;"
echo " history: messages.getHistory pages; by id: getMessagesReactions/getMessagesViews/channels.getMessages)"
exec 4>&- 3<&-
kill "$DC_PID" 2>/dev/null || true
wait "$DC_PID" 2>/dev/null || true
