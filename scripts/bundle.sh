#!/usr/bin/env bash
# The production bundle: compile every package, then `pnpm deploy` each app with production dependencies only.
#   scripts/bundle.sh <out-dir>   → <out-dir>/graphql and <out-dir>/bot, each started with plain `node dist/….js`,
#   and <out-dir>/web/dist, the dashboard the API serves
# The Dockerfile runs these same two steps. PORTDECK_SKIP_BUILD=1 skips the build (turbo's test:bundle built it).
set -euo pipefail
out="${1:?usage: scripts/bundle.sh <out-dir>}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
cd "$(dirname "$0")/.."

[[ "${PORTDECK_SKIP_BUILD:-}" == 1 ]] || pnpm build
for app in graphql bot; do
  rm -rf "${out:?}/$app"
  # --legacy: pnpm 10's default deploy needs inject-workspace-packages=true (injected copies of the workspace
  # packages in development too). Workspace packages are copied as their `files` lists (dist/), versions
  # come from the lockfile and files from pnpm's store; --prefer-offline: the package metadata the legacy
  # deploy still reads comes from pnpm's cache when it is there, so a warm machine needs no network.
  pnpm --filter "@portdeck/$app" --prod --prefer-offline deploy --legacy "$out/$app"
done
# The dashboard's static files, where the API looks by default (dist/../../web/dist from its own dist/).
rm -rf "${out:?}/web"
mkdir -p "$out/web"
cp -R apps/web/dist "$out/web/dist"
echo "bundle: $out/graphql (node dist/server.js, the dashboard from $out/web/dist), $out/bot (node dist/main.js)"
