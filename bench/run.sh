#!/usr/bin/env bash
# Roundup vs Hugo benchmark. See bench/README.md.
#
#   bash bench/run.sh [SIZES...]        # default sizes: 1000 10000 100000
#
# Environment:
#   RUNS=3             clean builds per tool and size (alternating Roundup, Hugo)
#   RUN_TIMEOUT=1800   seconds allowed for any one timed run
#   REBUILD_SIZE=10000 site used for the rebuild measurements (default: 10000 if
#                      given, else the largest size given; 0 skips them)
#   BENCH_WORK=DIR     where corpora, sites and outputs go (default: /dev/shm/roundup-bench
#                      when /dev/shm exists and has room, else bench/out/work)
#   QUIET_WAIT=60      before each timed run, wait up to this many seconds for other
#                      processes to use less than QUIET_CORES=0.3 CPU cores (0: don't wait)
#   SEARCH=false       build Roundup's Pagefind search index too (true) or not (false, the
#                      default: Hugo's benchmark site has no search either). true adds two
#                      rows: Roundup with search off, and Hugo followed by the Pagefind CLI
#   HUGO_PAGEFIND_MAX=10000  largest size for the Hugo + Pagefind row (Pagefind's memory grows fast)
#   SERVE_SIZE=1000    site for the serve latency (default: 1000 if given, else none; 0 skips)
#   SERVE_EDITS=15     saved edits timed by bench/serve_latency.py
#   ROUNDUP_BIN=PATH   time this binary instead of building target/release/roundup
#   BENCH_NICE=N       run the timed commands under `nice -n N` (e.g. -10 as root, to
#                      shield them from other work on a shared machine); default: not set
#
# Prints a Markdown report on stdout and writes it to bench/out/report-<date>.md;
# progress goes to stderr. Not part of `cargo test`.
set -euo pipefail
export LC_ALL=C

usage() { sed -n '2,/^[^#]/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }
case "${1:-}" in -h | --help) usage; exit 0 ;; esac

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
SHARED=$(cd "$ROOT/../shared/bench" 2>/dev/null && pwd) || {
    echo "error: ../shared/bench not found next to the repository ($ROOT/../shared/bench)" >&2
    exit 1
}
BENCH=$ROOT/bench
OUT=$BENCH/out
RUNS=${RUNS:-3}
RUN_TIMEOUT=${RUN_TIMEOUT:-1800}
QUIET_WAIT=${QUIET_WAIT:-60}
QUIET_CORES=${QUIET_CORES:-0.3}
BENCH_NICE=${BENCH_NICE:-}
# Rough tmpfs need per article of the largest size: corpus, Hugo copy, both outputs.
BYTES_PER_ARTICLE=${BYTES_PER_ARTICLE:-60000} # measured: about 41 KB at 1,000 articles
ADDED_NAME=zz-bench-added # the article added for the rebuild measurement
EDIT_SENTENCE="Officials said more details would follow later in the week." # appended by the edit case
SEARCH=${SEARCH:-false}
HUGO_PAGEFIND_MAX=${HUGO_PAGEFIND_MAX:-10000}
SERVE_EDITS=${SERVE_EDITS:-15}
PAGEFIND_VERSION=1.6.0

if [ $# -gt 0 ]; then SIZES=("$@"); else SIZES=(1000 10000 100000); fi

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$RUNS'"
[[ $RUN_TIMEOUT =~ ^[1-9][0-9]*$ ]] || die "RUN_TIMEOUT must be a positive integer (seconds), got '$RUN_TIMEOUT'"
[[ $QUIET_WAIT =~ ^[0-9]+$ ]] || die "QUIET_WAIT must be a whole number of seconds, got '$QUIET_WAIT'"
[[ $QUIET_CORES =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "QUIET_CORES must be a number, got '$QUIET_CORES'"
[[ -z $BENCH_NICE || $BENCH_NICE =~ ^-?[0-9]+$ ]] || die "BENCH_NICE must be an integer, got '$BENCH_NICE'"
[[ $SEARCH == true || $SEARCH == false ]] || die "SEARCH must be true or false, got '$SEARCH'"
[[ $HUGO_PAGEFIND_MAX =~ ^[0-9]+$ ]] || die "HUGO_PAGEFIND_MAX must be a whole number, got '$HUGO_PAGEFIND_MAX'"
[[ $SERVE_EDITS =~ ^[1-9][0-9]*$ ]] || die "SERVE_EDITS must be a positive integer, got '$SERVE_EDITS'"
MAX_SIZE=0
for n in "${SIZES[@]}"; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || die "sizes must be positive integers, got '$n' (usage: bash bench/run.sh [SIZES...])"
    if ((n > MAX_SIZE)); then MAX_SIZE=$n; fi
done
if [ -z "${REBUILD_SIZE:-}" ]; then
    REBUILD_SIZE=$MAX_SIZE
    for n in "${SIZES[@]}"; do if [ "$n" = 10000 ]; then REBUILD_SIZE=10000; fi; done
fi
if [ -z "${SERVE_SIZE:-}" ]; then
    SERVE_SIZE=0
    for n in "${SIZES[@]}"; do if [ "$n" = 1000 ]; then SERVE_SIZE=1000; fi; done
fi
[[ $SERVE_SIZE =~ ^[0-9]+$ ]] || die "SERVE_SIZE must be a whole number, got '$SERVE_SIZE'"
[ -z "${ROUNDUP_BIN:-}" ] || [ -x "$ROUNDUP_BIN" ] || die "ROUNDUP_BIN=$ROUNDUP_BIN is not an executable"
for tool in python3 timeout find awk sha256sum; do
    command -v "$tool" >/dev/null || die "$tool is required but not installed"
done
[ "${BASH_VERSINFO[0]}" -ge 5 ] || die "bash 5 or newer is required (for EPOCHREALTIME)"

STAMP=$(date +%Y-%m-%d-%H%M%S)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
RES=$OUT/run-$STAMP # raw results and logs of this run (small, on disk)
mkdir -p "$RES/logs"
SETUP_LOG=$RES/logs/setup.log
: >"$RES/runs.tsv"
: >"$RES/timings.tsv"
: >"$RES/bcubed.tsv"
: >"$RES/rebuild.tsv"
: >"$RES/summaries.tsv"
: >"$RES/serve.tsv"
printf 'search\t%s\nrebuild_size\t%s\nserve_size\t%s\nhugo_pagefind_max\t%s\n' \
    "$SEARCH" "$REBUILD_SIZE" "$SERVE_SIZE" "$HUGO_PAGEFIND_MAX" >"$RES/meta.tsv"
FAILED=0

# Runs as root, or through passwordless sudo.
as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else
        die "need root (or sudo) to run: $*"
    fi
}

have() { if [[ $1 == /* ]]; then [ -x "$1" ]; else command -v "$1" >/dev/null; fi; }

# ensure_pkg PATH_OR_COMMAND DEBIAN_PACKAGE
ensure_pkg() {
    local what=$1 pkg=$2
    if have "$what"; then return 0; fi
    command -v apt-get >/dev/null || die "$what is missing and apt-get is not available; install $pkg yourself"
    log "$what not found: installing Debian package $pkg (log: $SETUP_LOG)"
    if ! as_root env DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y "$pkg" >>"$SETUP_LOG" 2>&1; then
        log "apt-get install failed; running apt-get update first"
        as_root timeout 900 apt-get update >>"$SETUP_LOG" 2>&1 || die "apt-get update failed (see $SETUP_LOG)"
        as_root env DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y "$pkg" >>"$SETUP_LOG" 2>&1 ||
            die "apt-get install -y $pkg failed (see $SETUP_LOG)"
    fi
    have "$what" || die "installed $pkg but $what is still missing"
}

# ---------------------------------------------------------------- 1. build
if [ -n "${ROUNDUP_BIN:-}" ]; then
    SRC_BIN=$ROUNDUP_BIN
    log "timing the given binary $SRC_BIN (ROUNDUP_BIN; not building)"
    GIT_STATE="the given binary $SRC_BIN (built $(date -r "$SRC_BIN" '+%Y-%m-%d %H:%M'); its commit is not known)"
else
    SRC_BIN=$ROOT/target/release/roundup
    log "building release: cargo build --release --locked"
    timeout 3600 cargo build --release --locked >>"$SETUP_LOG" 2>&1 ||
        die "cargo build --release --locked failed (last lines below; full log $SETUP_LOG)
$(tail -n 20 "$SETUP_LOG")"
    [ -x "$SRC_BIN" ] || die "target/release/roundup was not built"
    GIT_STATE="commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    if [ -n "$(git status --porcelain -- src Cargo.toml Cargo.lock templates static 2>/dev/null)" ]; then
        GIT_STATE="$GIT_STATE + uncommitted changes in src/, Cargo.*, templates/ or static/"
    fi
    GIT_STATE="$GIT_STATE (when built)"
fi

# ------------------------------------------------------ 3. tools: time, Hugo
ensure_pkg /usr/bin/time time
ensure_pkg hugo hugo
HUGO_VERSION=$(hugo version 2>&1 | head -n 1)
[[ $HUGO_VERSION == *v0.111* ]] || log "warning: expected Hugo 0.111 (the reference figures' version), got: $HUGO_VERSION"
# The Pagefind CLI, for "Hugo followed by the Pagefind CLI": from npm (the pagefind package
# pulls its platform binary, @pagefind/linux-x64, as an optional dependency; no browser).
PAGEFIND=$OUT/tools/node_modules/.bin/pagefind
PAGEFIND_LINE="not used (SEARCH=false)"
if [ "$SEARCH" = true ]; then
    if ! { [ -x "$PAGEFIND" ] && [ "$("$PAGEFIND" --version 2>/dev/null)" = "pagefind $PAGEFIND_VERSION" ]; }; then
        ensure_pkg npm npm
        log "installing the Pagefind CLI: npm install --prefix bench/out/tools pagefind@$PAGEFIND_VERSION"
        timeout 900 npm install --prefix "$OUT/tools" --no-audit --no-fund "pagefind@$PAGEFIND_VERSION" >>"$SETUP_LOG" 2>&1 ||
            die "npm install pagefind@$PAGEFIND_VERSION failed (see $SETUP_LOG)"
    fi
    PAGEFIND_LINE=$("$PAGEFIND" --version 2>&1) || die "$PAGEFIND does not run (see $SETUP_LOG)"
    PAGEFIND_LINE="$PAGEFIND_LINE (npm, $(cd "$OUT/tools/node_modules/@pagefind" 2>/dev/null && echo *))"
fi

# ---------------------------------------------------------- where to work
avail_bytes() { df -P -B1 "$1" | awk 'NR == 2 { print $4 }'; }
NEED=$((MAX_SIZE * BYTES_PER_ARTICLE))
if [ -n "${BENCH_WORK:-}" ]; then
    WORK=$BENCH_WORK
elif [ -d /dev/shm ] && [ -w /dev/shm ]; then
    have=$(avail_bytes /dev/shm)
    if [ -d /dev/shm/roundup-bench ]; then have=$((have + $(du -sb /dev/shm/roundup-bench | cut -f1))); fi
    if ((have >= NEED)); then
        WORK=/dev/shm/roundup-bench
    else
        log "/dev/shm has $((have >> 20)) MiB, about $((NEED >> 20)) MiB needed: working on disk in bench/out/work"
        WORK=$OUT/work
    fi
else
    WORK=$OUT/work
fi
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
WORK_FS=$(df -P -T "$WORK" | awk 'NR == 2 { print $2 }')
log "working in $WORK ($WORK_FS); results in $RES"

CURRENT_CORPUS=""
CURRENT_N=""
BIN=""
EDIT_FILE="" EDIT_BACKUP="" # the article the edit case changed, and its original
cleanup() {
    # Never leave the added article or the edit behind in a reusable corpus.
    if [ -n "$CURRENT_CORPUS" ]; then rm -f "$CURRENT_CORPUS/articles/$ADDED_NAME.md"; fi
    if [ -n "$EDIT_FILE" ] && [ -f "$EDIT_BACKUP" ]; then cp "$EDIT_BACKUP" "$EDIT_FILE" && rm -f "$EDIT_BACKUP"; fi
    if [ -n "$BIN" ]; then rm -f "$BIN"; fi
    # Outputs of an interrupted size (they can take GBs of tmpfs).
    if [ -n "$CURRENT_N" ]; then
        rm -rf "$WORK/out-roundup-$CURRENT_N" "$WORK/.out-roundup-$CURRENT_N.staging" "$WORK/out-hugo-$CURRENT_N" \
            "$WORK/out-roundup-nosearch-$CURRENT_N" "$WORK/.out-roundup-nosearch-$CURRENT_N.staging" \
            "$WORK/out-hugo-pagefind-$CURRENT_N"
    fi
    rm -rf "$WORK/serve-site"
}
trap cleanup EXIT
M_PID="" # the timed run in progress, if any
on_signal() {
    log "interrupted; stopping"
    if [ -n "$M_PID" ]; then kill -TERM "$M_PID" 2>/dev/null || true; wait "$M_PID" 2>/dev/null || true; fi
    exit 130
}
trap on_signal INT TERM

# Time a private copy, so that a rebuild of target/ during the run cannot change the binary.
BIN=$WORK/roundup-$STAMP
cp "$SRC_BIN" "$BIN"

# ------------------------------------------------------------- measuring
# CPU time used by the whole machine so far, in 1/100 s (user, nice, system, irq, softirq, steal).
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
NOISY=0
# Waits (at most QUIET_WAIT s) until other processes use under QUIET_CORES cores.
wait_quiet() {
    ((QUIET_WAIT > 0)) || return 0
    local waited=0 a b cores
    while :; do
        a=$(busy_ticks)
        sleep 1
        b=$(busy_ticks)
        cores=$(awk -v d=$((b - a)) 'BEGIN { printf "%.2f", d / 100 }')
        if awk -v c="$cores" -v q="$QUIET_CORES" 'BEGIN { exit !(c < q) }'; then
            ((waited == 0)) || log "  machine quiet after ${waited}s"
            return 0
        fi
        if ((waited == 0)); then log "  waiting for the machine to be quiet (other processes use $cores cores)"; fi
        if ((waited >= QUIET_WAIT)); then
            log "  still busy after ${QUIET_WAIT}s ($cores cores); measuring anyway"
            NOISY=$((NOISY + 1))
            return 0
        fi
        sleep 4
        waited=$((waited + 5))
    done
}
# measure PREFIX CMD...: runs CMD under `timeout` and `/usr/bin/time -v`, stdout and
# stderr to PREFIX.out / PREFIX.err. Sets M_RC, M_WALL (s), M_USER, M_SYS (s), M_RSS (KiB),
# M_OTHER (CPU cores other processes used meanwhile). Waits for a quiet machine first.
measure() {
    local prefix=$1 t0 t1 b0 b1
    local -a nice=()
    shift
    if [ -n "$BENCH_NICE" ]; then nice=(nice -n "$BENCH_NICE"); fi
    wait_quiet
    b0=$(busy_ticks)
    t0=$EPOCHREALTIME
    # In the background and waited for, so that an interrupt can stop it (see the INT trap).
    timeout --kill-after=30 "$RUN_TIMEOUT" "${nice[@]}" /usr/bin/time -v -o "$prefix.time" "$@" >"$prefix.out" 2>"$prefix.err" &
    M_PID=$!
    if wait "$M_PID"; then M_RC=0; else M_RC=$?; fi
    M_PID=""
    t1=$EPOCHREALTIME
    b1=$(busy_ticks)
    M_WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    M_USER=$(awk -F': ' '/User time \(seconds\)/ { print $2 }' "$prefix.time" 2>/dev/null || true)
    M_SYS=$(awk -F': ' '/System time \(seconds\)/ { print $2 }' "$prefix.time" 2>/dev/null || true)
    M_RSS=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$prefix.time" 2>/dev/null || true)
    M_USER=${M_USER:-nan} M_SYS=${M_SYS:-nan} M_RSS=${M_RSS:-nan}
    # Other processes' CPU use during the run, in cores: the machine's CPU time minus the tool's.
    M_OTHER=$(awk -v d=$((b1 - b0)) -v u="$M_USER" -v s="$M_SYS" -v w="$M_WALL" \
        'BEGIN { o = (d / 100 - u - s) / w; if (o < 0) o = 0; if (o != o) o = "nan"; printf "%.2f", o }')
    if [ "$M_RC" = 124 ] || [ "$M_RC" = 137 ]; then
        log "TIMEOUT after ${RUN_TIMEOUT}s: $*"
    elif [ "$M_RC" != 0 ]; then
        log "FAILED (exit $M_RC): $*"
        tail -n 15 "$prefix.err" | sed 's/^/    /' >&2
    fi
}

count_files() { if [ -d "$1" ]; then find "$1" -type f | wc -l; else echo 0; fi; }

# "(12 written, 3 unchanged, 0 removed" from Roundup's summary line -> "12 3 0"
parse_summary() {
    sed -n 's/.*(\([0-9]*\) written, \([0-9]*\) unchanged, \([0-9]*\) removed.*/\1 \2 \3/p' "$1" | tail -n 1
}

# ------------------------------------------------------------ 2. corpora
GEN_SHA=$(sha256sum "$SHARED/gen_corpus.py" | cut -c1-16)
TO_HUGO_SHA=$(sha256sum "$SHARED/to_hugo.py" | cut -c1-16)

make_corpus() { # N -> $WORK/corpus-N, a Roundup site
    local n=$1 dir=$WORK/corpus-$1
    local stamp="gen_corpus.py $GEN_SHA N=$n"
    if [ -f "$dir/.complete" ] && [ "$(cat "$dir/.complete")" = "$stamp" ]; then
        log "corpus $n: reusing $dir"
    else
        log "corpus $n: generating into $dir"
        rm -rf "$dir"
        timeout 7200 python3 "$SHARED/gen_corpus.py" "$n" "$dir" >>"$SETUP_LOG" 2>&1 ||
            die "gen_corpus.py $n failed (see $SETUP_LOG)"
        echo "$stamp" >"$dir/.complete"
    fi
    rm -f "$dir/articles/$ADDED_NAME.md" # left over from an interrupted run
    # The Roundup site around it: fresh site.toml, templates and static every time.
    cat >"$dir/site.toml" <<EOF
# Written by bench/run.sh.
title = "Roundup benchmark: $n synthetic articles"
base_url = "https://example.org/"
# Hugo's benchmark site has no search index; SEARCH=true measures Roundup's Pagefind index too.
search = ${SEARCH:-false}
EOF
    rm -rf "$dir/templates" "$dir/static"
    cp -r "$ROOT/templates" "$ROOT/static" "$dir/"
}

make_hugo_site() { # N -> $WORK/hugo-N
    local n=$1 corpus=$WORK/corpus-$1 site=$WORK/hugo-$1
    local stamp
    stamp="to_hugo.py $TO_HUGO_SHA $(cat "$corpus/.complete")"
    mkdir -p "$site"
    rm -rf "$site/layouts" "$site/config.toml"
    cp -r "$SHARED/hugo-site/." "$site/"
    if [ -f "$site/.complete" ] && [ "$(cat "$site/.complete")" = "$stamp" ]; then
        log "hugo site $n: reusing $site"
    else
        log "hugo site $n: converting corpus into $site"
        rm -f "$site/.complete"
        timeout 7200 python3 "$SHARED/to_hugo.py" hugo "$corpus" "$site" >>"$SETUP_LOG" 2>&1 ||
            die "to_hugo.py failed for $n (see $SETUP_LOG)"
        echo "$stamp" >"$site/.complete"
    fi
}

# Roundup with search off, for SEARCH=true: the same articles (a symlink, only read) with
# `search = false`, and its own .roundup/ cache folder.
make_nosearch_site() { # N -> $WORK/site-nosearch-N
    local n=$1 site=$WORK/site-nosearch-$1
    rm -rf "$site"
    mkdir -p "$site"
    ln -s "$WORK/corpus-$n/articles" "$site/articles"
    sed 's/^search = .*/search = false/' "$WORK/corpus-$n/site.toml" >"$site/site.toml"
    cp -r "$ROOT/templates" "$ROOT/static" "$site/"
}

# ---------------------------------------------------------------- 4. runs
# tools_for N: the tools timed at size N, in the order they alternate.
tools_for() {
    if [ "$SEARCH" = true ]; then
        if (($1 <= HUGO_PAGEFIND_MAX)); then echo roundup roundup-nosearch hugo hugo+pagefind; else
            echo roundup roundup-nosearch hugo
        fi
    else
        echo roundup hugo
    fi
}

# clean_run TOOL N R: one clean (cold) build into an emptied output folder. Roundup's
# .roundup/ (its build cache) is deleted first, so every clean Roundup build is cold.
clean_run() {
    local tool=$1 n=$2 r=$3 p=$RES/logs/$1-$2-$3 out
    log "$tool $n articles, run $r/$RUNS"
    case $tool in
    roundup)
        out=$WORK/out-roundup-$n
        rm -rf "$out" "$WORK/.out-roundup-$n.staging" "$WORK/corpus-$n/.roundup"
        measure "$p" env ROUNDUP_TIMINGS=1 "$BIN" build --root "$WORK/corpus-$n" --output-dir "$out" --allow-outside-root
        ;;
    roundup-nosearch)
        out=$WORK/out-roundup-nosearch-$n
        rm -rf "$out" "$WORK/.out-roundup-nosearch-$n.staging" "$WORK/site-nosearch-$n/.roundup"
        measure "$p" "$BIN" build --root "$WORK/site-nosearch-$n" --output-dir "$out" --allow-outside-root
        ;;
    hugo)
        out=$WORK/out-hugo-$n
        rm -rf "$out"
        measure "$p" hugo --source "$WORK/hugo-$n" --destination "$out" --quiet
        ;;
    hugo+pagefind)
        out=$WORK/out-hugo-pagefind-$n
        rm -rf "$out"
        # One measured command; GNU time's peak RSS of `sh -c` is that of its largest child.
        # shellcheck disable=SC2016
        measure "$p" sh -c 'hugo --source "$1" --destination "$2" --quiet && "$3" --site "$2"' sh \
            "$WORK/hugo-$n" "$out" "$PAGEFIND"
        ;;
    *) die "unknown tool $tool" ;;
    esac
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$n" "$r" "$M_WALL" "$M_USER" "$M_SYS" "$M_RSS" \
        "$(count_files "$out")" "$M_RC" "$M_OTHER" >>"$RES/runs.tsv"
    if [ "$M_RC" != 0 ]; then FAILED=1; return 1; fi
    if [ "$tool" = roundup ]; then
        sed -n 's/^timing: \([^ ]*\) \([0-9.]*\) ms.*/\1\t\2/p' "$p.err" |
            awk -v n="$n" -v r="$r" '{ print n "\t" r "\t" $0 }' >>"$RES/timings.tsv"
        printf '%s\t%s\t%s\n' "$n" "$r" "$(tail -n 1 "$p.out")" >>"$RES/summaries.tsv"
        log "  ${M_WALL}s (other processes: $M_OTHER cores): $(tail -n 1 "$p.out")"
    else
        log "  ${M_WALL}s (other processes: $M_OTHER cores)"
    fi
}

run_size() {
    local n=$1 corpus=$WORK/corpus-$1
    local rout=$WORK/out-roundup-$1 rstage=$WORK/.out-roundup-$1.staging
    local r tool
    local -a tools
    local -A ok=()
    read -r -a tools <<<"$(tools_for "$n")"
    for tool in "${tools[@]}"; do ok[$tool]=1; done
    CURRENT_CORPUS=$corpus CURRENT_N=$n
    if [ "$SEARCH" = true ]; then make_nosearch_site "$n"; fi
    for ((r = 1; r <= RUNS; r++)); do
        for tool in "${tools[@]}"; do
            if ((ok[$tool])); then clean_run "$tool" "$n" "$r" || ok[$tool]=0; fi
        done
    done
    rm -rf "$WORK/out-hugo-$n" "$WORK/out-hugo-pagefind-$n" "$WORK/out-roundup-nosearch-$n" \
        "$WORK/.out-roundup-nosearch-$n.staging" "$WORK/site-nosearch-$n"

    # ---------------------------------------------------- 7. clustering quality
    if ((ok[roundup])); then
        cp "$rout/events.json" "$RES/events-$n.json"
        if python3 "$BENCH/bcubed.py" "$corpus/gold.tsv" "$rout/events.json" >"$RES/logs/bcubed-$n.json" 2>"$RES/logs/bcubed-$n.err"; then
            printf '%s\t%s\n' "$n" "$(cat "$RES/logs/bcubed-$n.json")" >>"$RES/bcubed.tsv"
        else
            log "bcubed.py failed for $n: $(tail -n 3 "$RES/logs/bcubed-$n.err")"
            FAILED=1
        fi
        rm -f "$RES/events-$n.json" # kept only while scoring; the logs keep the scores
    fi

    # ------------------------------------------------------------ 6. rebuilds
    # Into the output of the last clean build, with the cache that build made.
    if ((ok[roundup])) && [ "$n" = "$REBUILD_SIZE" ]; then
        rebuilds "$n" "$corpus" "$rout"
    fi
    rm -rf "$rout" "$rstage" "$corpus/.roundup" # the cache is remade by the next clean build anyway
    if [ "$n" = "$SERVE_SIZE" ]; then serve_latency "$n"; fi
    CURRENT_CORPUS="" CURRENT_N=""
}

# rebuilds N CORPUS OUT: Roundup into the existing output of a clean build of CORPUS.
rebuilds() {
    local n=$1 corpus=$2 rout=$3 r p w u x last next src dates mid
    record_rebuild() { # CASE RUN PREFIX
        read -r w u x <<<"$(parse_summary "$3.out")" || true
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$1" "$2" "$M_WALL" "$M_USER" "$M_SYS" "$M_RSS" \
            "${w:-nan}" "${u:-nan}" "${x:-nan}" "$M_RC" "$M_OTHER" >>"$RES/rebuild.tsv"
        [ "$M_RC" = 0 ] || FAILED=1
        log "  ${M_WALL}s (other processes: $M_OTHER cores): $(tail -n 1 "$3.out")"
        [ "$M_RC" = 0 ]
    }
    rebuild_run() { # CASE RUN: one timed rebuild
        p=$RES/logs/rebuild-$1-$n-$2
        measure "$p" env ROUNDUP_TIMINGS=1 "$BIN" build --root "$corpus" --output-dir "$rout" --allow-outside-root
    }
    for ((r = 1; r <= RUNS; r++)); do
        log "roundup rebuild, no change, $n articles, run $r/$RUNS"
        rebuild_run nochange "$r"
        record_rebuild nochange "$r" "$p" || return 0
    done
    # Every article's date and file, sorted by date (then file name).
    dates=$RES/logs/dates-$n.tsv
    find "$corpus/articles" -name '*.md' -exec grep -H -m 1 '^date: ' {} + |
        sed 's/^\(.*\.md\):date: \(.*\)$/\2\t\1/' | sort >"$dates"
    # One new article, dated one day after the newest one: a copy of the first article.
    last=$(tail -n 1 "$dates" | cut -f1)
    next=$(date -u -d "$last + 1 day" +%Y-%m-%dT%H:%M:%SZ) || die "cannot parse the newest date '$last'"
    src=$corpus/articles/a000001.md # gen_corpus.py's first article
    [ -f "$src" ] || die "$src not found"
    for ((r = 1; r <= RUNS; r++)); do
        sed "s/^date: .*/date: $next/" "$src" >"$corpus/articles/$ADDED_NAME.md"
        log "roundup rebuild, one article added ($ADDED_NAME, copy of $(basename "$src") dated $next), run $r/$RUNS"
        rebuild_run add "$r"
        if [ "$r" = 1 ] && [ "$M_RC" = 0 ]; then
            python3 - "$rout/events.json" "$ADDED_NAME" "$(basename "$src" .md)" >"$RES/logs/rebuild-add-event.txt" <<'PY' || true
import json, sys
doc = json.load(open(sys.argv[1]))
ev = {a: e for e in doc["events"] for a in e["articles"]}
new, src = ev.get(sys.argv[2]), ev.get(sys.argv[3])
if new is None:
    print("the added article is missing from events.json")
elif new is src:
    print(f"the added article joined the event of {sys.argv[3]} ({len(new['articles'])} articles)")
else:
    print(f"the added article is in event {new['slug']}, not with {sys.argv[3]}")
PY
        fi
        record_rebuild add "$r" "$p" || { rm -f "$corpus/articles/$ADDED_NAME.md"; return 0; }
        rm -f "$corpus/articles/$ADDED_NAME.md"
        log "roundup rebuild, the added article removed again, run $r/$RUNS"
        rebuild_run remove "$r"
        record_rebuild remove "$r" "$p" || return 0
    done
    # One article in the middle of the date order (the median by date) edited: a sentence
    # appended to its body; then the edit undone (the original bytes written back).
    mid=$(sed -n "$((($(wc -l <"$dates") + 1) / 2))p" "$dates" | cut -f2)
    [ -f "$mid" ] || die "cannot find the middle article ('$mid')"
    EDIT_BACKUP=$WORK/edit-original.md
    cp "$mid" "$EDIT_BACKUP"
    EDIT_FILE=$mid
    for ((r = 1; r <= RUNS; r++)); do
        { cat "$EDIT_BACKUP"; printf '\n%s\n' "$EDIT_SENTENCE"; } >"$mid"
        log "roundup rebuild, one article edited ($(basename "$mid"), dated $(grep -m 1 '^date: ' "$mid" | cut -c7-)), run $r/$RUNS"
        rebuild_run edit "$r"
        cp "$EDIT_BACKUP" "$mid"
        record_rebuild edit "$r" "$p" || break
        log "roundup rebuild, the edit undone, run $r/$RUNS"
        rebuild_run restore "$r"
        record_rebuild restore "$r" "$p" || break
    done
    cp "$EDIT_BACKUP" "$mid"
    rm -f "$EDIT_BACKUP"
    EDIT_FILE="" EDIT_BACKUP=""
    printf '%s\t%s\n' "$(basename "$mid")" "$(grep -m 1 '^date: ' "$mid" | cut -c7-)" >"$RES/logs/rebuild-edit-article.txt"
}

# serve_latency N: bench/serve_latency.py on a private copy of corpus N (it edits an article).
serve_latency() {
    local n=$1 site=$WORK/serve-site p=$RES/logs/serve-$1
    rm -rf "$site"
    mkdir -p "$site"
    cp -r "$WORK/corpus-$n/articles" "$WORK/corpus-$n/site.toml" "$ROOT/templates" "$ROOT/static" "$site/"
    log "roundup serve, $n articles: $SERVE_EDITS saved edits to reload signal (bench/serve_latency.py)"
    wait_quiet
    # In the background and waited for, so that an interrupt can stop it (see the INT trap).
    timeout --kill-after=30 "$RUN_TIMEOUT" python3 "$BENCH/serve_latency.py" --bin "$BIN" --out "$p.ms" \
        "$site" "$SERVE_EDITS" >"$p.out" 2>&1 &
    M_PID=$!
    if wait "$M_PID"; then M_RC=0; else M_RC=$?; fi
    M_PID=""
    if [ "$M_RC" = 0 ]; then
        awk -v n="$n" '{ print n "\t" NR "\t" $1 }' "$p.ms" >>"$RES/serve.tsv"
        log "  $(grep '^median' "$p.out")"
    else
        log "serve_latency.py failed (exit $M_RC):"
        tail -n 5 "$p.out" | sed 's/^/    /' >&2
        FAILED=1
    fi
    rm -rf "$site"
}

# ------------------------------------------------------------------ main
for n in "${SIZES[@]}"; do
    make_corpus "$n"
    make_hugo_site "$n"
done
SERVE_ONLY=0 # SERVE_SIZE not among the sizes: its corpus is made, only for the serve measurement
if ((SERVE_SIZE > 0)) && [[ " ${SIZES[*]} " != *" $SERVE_SIZE "* ]]; then
    SERVE_ONLY=1
    make_corpus "$SERVE_SIZE"
fi
for n in "${SIZES[@]}"; do
    run_size "$n"
done
if ((SERVE_ONLY)); then serve_latency "$SERVE_SIZE"; fi

# ---------------------------------------------------------------- 8. report
cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
{
    echo "# Roundup benchmark, $(date '+%Y-%m-%d %H:%M:%S %Z')"
    echo
    echo "Command: \`RUNS=$RUNS SEARCH=$SEARCH bash bench/run.sh ${SIZES[*]}\` (rebuilds on the ${REBUILD_SIZE}-article site;" \
        "serve latency on $(if ((SERVE_SIZE > 0)); then echo "the ${SERVE_SIZE}-article site"; else echo "none"; fi))"
    echo
    echo "## Machine and tools"
    echo
    echo "- CPU: ${cpu_model:-unknown}; nproc: $(nproc)"
    echo "- Kernel: $(uname -srm)"
    echo "- Work folder: \`$WORK\` ($WORK_FS); every output written there"
    echo "- Roundup: $("$BIN" --version 2>&1 | head -n 1), $GIT_STATE"
    echo "- Hugo: $HUGO_VERSION"
    echo "- Pagefind CLI: $PAGEFIND_LINE"
    echo "- $(rustc --version 2>/dev/null || echo 'rustc: unknown'); $(python3 --version 2>&1); GNU time $(dpkg-query -W -f='${Version}' time 2>/dev/null || echo '(version unknown)')"
    echo "- Load average (1, 5, 15 min) at start: $LOAD_START; at end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)." \
        "Other work on the machine during the run makes every figure noisier; compare the ratios."
    echo "- Noise control: waited up to ${QUIET_WAIT}s before each timed run for other processes to use < $QUIET_CORES cores" \
        "($NOISY run(s) started busy anyway); timed commands $(if [ -n "$BENCH_NICE" ]; then echo "run under nice -n $BENCH_NICE"; else echo "at normal priority"; fi)."
    echo "- Memory (\`free -g\`):"
    echo
    free -g | sed 's/^/      /'
    echo
    python3 "$BENCH/report.py" "$RES" "$RUNS"
    echo
    echo "Raw results and logs: \`${RES#"$ROOT"/}/\`."
} >"$RES/report.md"
REPORT=$OUT/report-$STAMP.md
cp "$RES/report.md" "$REPORT"
cat "$REPORT"
log "report written to ${REPORT#"$ROOT"/}"
if ((FAILED)); then
    log "some runs failed; see the report and $RES/logs"
    exit 1
fi
