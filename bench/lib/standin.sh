# Sourced by the benchmarks that run bin/chatgeist against the stand-in Telegram DC
# (chatgeist-runtime/src/test/node/standin.js): checks what they need and sets up a logged-in home.
# Sets root, jar, node_dir; defines json and standin_home.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$root/chatgeist-runtime/target/chatgeist-runtime.jar"
node_dir="$root/chatgeist-runtime/src/test/node"
[ -f "$jar" ] || { echo "no $jar; build it: ./mvnw -q -o -pl chatgeist-runtime -am package -DskipTests" >&2; exit 1; }
[ -d "$node_dir/node_modules/telegram" ] || { echo "GramJS missing; run: bash .ci/setup-mtproto.sh" >&2; exit 1; }

# json JSON EXPR: evaluates EXPR with o = the parsed JSON
json() { node -p "const o=JSON.parse(process.argv[1]); $2" "$1"; }

# standin_home HOME READY_LINE [EXTRA_ENV_LINE]: a home whose .env points at the stand-in's DC 1, logged in with the
# stand-in's account (the login prompt's text goes to HOME/login.err)
standin_home() {
    mkdir -p "$1"
    {
        echo "TELEGRAM_API_ID=$(json "$2" o.apiId)"
        echo "TELEGRAM_API_HASH=$(json "$2" o.apiHash)"
        echo "TELEGRAM_DC=1@127.0.0.1:$(json "$2" 'o.dcs["1"]')"
        echo "TELEGRAM_SERVER_KEY=$(json "$2" o.key)"
        [ -z "${3:-}" ] || echo "$3"
    } > "$1/.env"
    echo 12345 | "$root/bin/chatgeist" --home "$1" login --phone +15550001 >/dev/null 2>"$1/login.err"
}
