#!/usr/bin/env bash
# The production bundle works on its own: scripts/bundle.sh into a temporary folder, then, with only `node`
# (an empty environment: no pnpm, no tsx on PATH), the API answers /health and /ready and a query, stops on
# SIGTERM with exit 0, and the bot prints its enable hint without a token and opens its SQLite store.
# Run by `pnpm test` (turbo task //#test:bundle, after the apps' builds).
set -euo pipefail
cd "$(dirname "$0")/.."
node_bin="$(command -v node)"
work="$(mktemp -d "${TMPDIR:-/tmp}/portdeck-bundle-XXXXXX")"
api_pid=
cleanup() {
  [[ -z "$api_pid" ]] || kill -KILL "$api_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "check-bundle: FAIL: $*" >&2
  exit 1
}
started=$SECONDS

scripts/bundle.sh "$work/bundle"
echo "check-bundle: bundle made in $((SECONDS - started)) s"

for app in graphql bot; do
  for dev in tsx typescript vitest eslint; do
    [[ ! -e "$work/bundle/$app/node_modules/$dev" && ! -e "$work/bundle/$app/node_modules/.pnpm/node_modules/$dev" ]] ||
      fail "$app bundle holds the development dependency $dev"
  done
  [[ ! -e "$work/bundle/$app/src" ]] || fail "$app bundle holds its TypeScript source"
done

# Runs a command with nothing but the given variables: no PATH, so no pnpm, tsx or npx can be reached.
bare() { env -i HOME="$work" PORTDECK_DATA_DIR="$work/data" PORTDECK_LOG_LEVEL=warn "$@"; }
# Prints the HTTP status and body of a GET, through node's fetch (curl may be missing).
get() {
  "$node_bin" -e 'fetch(process.argv[1]).then(async (r) => console.log(r.status, (await r.text()).replace(/\s+/g, " ")), () => console.log(0))' "$1"
}

port="$("$node_bin" -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"
base="http://127.0.0.1:$port"
(cd "$work/bundle/graphql" && exec env -i HOME="$work" PORTDECK_DATA_DIR="$work/data" PORTDECK_LOG_LEVEL=warn \
  NODE_ENV=production PORTDECK_GRAPHQL_HOST=127.0.0.1 PORTDECK_GRAPHQL_PORT="$port" "$node_bin" dist/server.js) &
api_pid=$!

health=
for _ in $(seq 1 150); do
  health="$(get "$base/health")"
  [[ "$health" == 200* ]] && break
  kill -0 "$api_pid" 2>/dev/null || fail "the API exited before answering /health"
  sleep 0.2
done
[[ "$health" == 200* ]] || fail "/health: $health"
ready=
for _ in $(seq 1 50); do
  ready="$(get "$base/ready")"
  [[ "$ready" == 200* ]] && break
  sleep 0.2
done
[[ "$ready" == 200* ]] || fail "/ready (registry and SQLite database): $ready"
answer="$(get "$base/graphql?query=%7Bport(number:3389)%7Bnumber%7D%7D")"
[[ "$answer" == *'"number":3389'* ]] || fail "query port(3389): $answer"
dashboard="$(get "$base/dashboard/")"
[[ "$dashboard" == 200*'<div id="app"'* ]] || fail "/dashboard/: ${dashboard:0:200}"
echo "check-bundle: API /health $health; /ready $ready; port(3389) $answer; /dashboard/ 200"

kill -TERM "$api_pid"
code=0
wait "$api_pid" || code=$?
api_pid=
[[ "$code" == 0 ]] || fail "the API exited with $code after SIGTERM"
echo "check-bundle: API stopped on SIGTERM with exit 0"

hint="$(cd "$work/bundle/bot" && bare "$node_bin" dist/main.js)" || fail "the bot exited with $? without a token"
[[ "$hint" == *'disabled (DISCORD_TOKEN is not set)'* ]] || fail "the bot printed: $hint"
# The bot's own copy of the store opens (and migrates) a SQLite file: its native better-sqlite3 loads.
opened="$(cd "$work/bundle/bot" && bare "$node_bin" --input-type=module -e '
  const { openStore } = await import("@portdeck/store");
  const store = await openStore({ path: process.env.PORTDECK_DATA_DIR + "/bot.db" });
  console.log((await store.migrations()).length > 0 ? "migrated" : "no migrations");
  await store.close();')" || fail "the bot bundle could not open its store"
[[ "$opened" == *migrated* ]] || fail "the bot bundle's store: $opened"
echo "check-bundle: bot printed its enable hint (exit 0); its store opened and migrated SQLite"
echo "check-bundle: ok in $((SECONDS - started)) s"
