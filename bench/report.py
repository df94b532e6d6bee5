#!/usr/bin/env python3
"""Turns the raw results of bench/run.sh into the Markdown report's tables.

Usage: python3 bench/report.py RESULTS_DIR RUNS

RESULTS_DIR holds (tab-separated, no headers):
  meta.tsv      key value                              (search, rebuild_size, serve_size, hugo_pagefind_max)
  runs.tsv      tool size run wall_s user_s sys_s maxrss_kib files exit_status [other_cores]
                (tool: roundup, roundup-nosearch, hugo, hugo+pagefind)
  timings.tsv   size run phase ms                      (Roundup's ROUNDUP_TIMINGS=1 lines)
  bcubed.tsv    size json                              (bench/bcubed.py's output)
  rebuild.tsv   size case run wall_s user_s sys_s maxrss_kib written unchanged removed exit_status [other_cores]
  summaries.tsv size run summary_line                  (Roundup's summary line)
  serve.tsv     size edit ms                           (bench/serve_latency.py: save to reload signal)
  logs/rebuild-add-event.txt     where the added article went (optional)
  logs/rebuild-edit-article.txt  the edited article's file and date (optional)
"""
import json
import math
import os
import statistics
import sys
from collections import defaultdict


def rows(res, name):
    path = os.path.join(res, name)
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def num(s):
    try:
        return float(s)
    except ValueError:
        return math.nan


def median(xs):
    xs = [x for x in xs if not math.isnan(x)]
    return statistics.median(xs) if xs else math.nan


def fmt(x, digits=2):
    return "n/a" if x is None or math.isnan(x) else f"{x:,.{digits}f}"


def ratio(a, b, digits=2):
    return "n/a" if math.isnan(a) or math.isnan(b) or b == 0 else f"{a / b:.{digits}f}×"


LABELS = {
    "roundup": "Roundup",
    "roundup-nosearch": "Roundup, search off",
    "hugo": "Hugo",
    "hugo+pagefind": "Hugo + Pagefind CLI",
}
REBUILD_NAMES = {
    "nochange": "(a) no change",
    "add": "(b) one article added",
    "remove": "(c) that article removed",
    "edit": "(d) one article edited",
    "restore": "(e) that edit undone",
}


def verdict(met, size, want):
    """'yes'/'**no**' when measured at the target's size, else says what the figure is worth."""
    if met is None:
        return "n/a"
    word = "yes" if met else "**no**"
    if size == want:
        return word
    return f"n/a: measured at {size:,}, not {want:,} (that figure against the target: {'yes' if met else 'no'})"


def pick(sizes, want):
    """The target's size if measured, else the largest measured size (or None)."""
    return want if want in sizes else (max(sizes) if sizes else None)


def main(res, runs):
    out = []
    w = out.append
    meta = {k: v for k, v in rows(res, "meta.tsv")}
    search = meta.get("search", "false") == "true"

    # ------------------------------------------------------------ full builds
    by = defaultdict(list)  # (tool, size) -> [run fields]
    for t, size, run, wall, user, sys_, rss, files, rc, *other in rows(res, "runs.tsv"):
        by[(t, int(size))].append(
            dict(wall=num(wall), cpu=num(user) + num(sys_), rss=num(rss) / 1024, files=int(files), rc=int(rc),
                 other=num(other[0]) if other else math.nan))
    sizes = sorted({s for _, s in by})
    stats = {}
    for key, rs in by.items():
        ok = [r for r in rs if r["rc"] == 0]
        failed = [r["rc"] for r in rs if r["rc"] != 0]
        stats[key] = dict(
            n=len(ok),
            failed=failed,
            wall=median([r["wall"] for r in ok]),
            wmin=min((r["wall"] for r in ok), default=math.nan),
            wmax=max((r["wall"] for r in ok), default=math.nan),
            cpu=median([r["cpu"] for r in ok]),
            rss=median([r["rss"] for r in ok]),
            files=ok[-1]["files"] if ok else 0,
            other=median([r["other"] for r in ok]),
            other_max=max((r["other"] for r in ok if not math.isnan(r["other"])), default=math.nan),
        )

    def good(tool, size):
        s = stats.get((tool, size))
        return s if s and s["n"] else None

    def reference(tool, size):
        """The tool a Roundup row is compared with: the one doing the same job."""
        if tool == "roundup-nosearch" or (tool == "roundup" and not search):
            return "hugo"
        if tool == "roundup":
            return "hugo+pagefind" if good("hugo+pagefind", size) else "hugo"
        return None

    # --------------------------------------------------------------- rebuilds
    rb = defaultdict(list)
    rsize = None
    for size, case, run, wall, user, sys_, rss, written, unchanged, removed, rc, *other in rows(res, "rebuild.tsv"):
        rsize = int(size)
        rb[case].append(dict(wall=num(wall), cpu=num(user) + num(sys_), rss=num(rss) / 1024, written=num(written),
                             unchanged=num(unchanged), removed=num(removed), rc=int(rc),
                             other=num(other[0]) if other else math.nan))
    rb_ok = {case: [r for r in rs if r["rc"] == 0] for case, rs in rb.items()}
    rb_wall = {case: median([r["wall"] for r in ok]) for case, ok in rb_ok.items() if ok}
    cold = good("roundup", rsize) if rsize else None

    # ------------------------------------------------------------------ serve
    serve = [num(ms) for _, _, ms in rows(res, "serve.tsv")]
    ssize = int(rows(res, "serve.tsv")[0][0]) if serve else None

    # ---------------------------------------------------------------- targets
    w("## Targets (issue 19)")
    w("")
    w("Medians of alternating runs. *met?* is yes or no only where the figure was measured at the "
      "target's size and with the target's search setting; otherwise n/a says what was measured.")
    w("")
    w("| case | target | measured | met? |")
    w("|---|---|---|---|")
    big = 100000
    if "nochange" in rb_wall:
        x = rb_wall["nochange"]
        w(f"| 100k site, no change | ≤ 1 s | {fmt(x)} s ({rsize:,} articles) | {verdict(x <= 1, rsize, big)} |")
    else:
        w("| 100k site, no change | ≤ 1 s | not measured | n/a |")
    if "add" in rb_wall:
        x = rb_wall["add"]
        v = verdict(x <= 1, rsize, big) if search else "n/a: search off (run with SEARCH=true)"
        w(f"| 100k site, one new article dated after all others | ≤ 1 s, search included | {fmt(x)} s "
          f"({rsize:,} articles, search {'on' if search else 'off'}) | {v} |")
    else:
        w("| 100k site, one new article dated after all others | ≤ 1 s, search included | not measured | n/a |")
    if "edit" in rb_wall and cold:
        f = rb_wall["edit"] / cold["wall"]
        w(f"| 100k site, one article edited in the middle of the archive | ≤ 25 % of a cold build | "
          f"{f * 100:.0f} % ({fmt(rb_wall['edit'])} s of {fmt(cold['wall'])} s, {rsize:,} articles) | "
          f"{verdict(f <= 0.25, rsize, big)} |")
    else:
        w("| 100k site, one article edited in the middle of the archive | ≤ 25 % of a cold build | "
          "not measured | n/a |")
    nos_tool = "roundup-nosearch" if search else "roundup"
    size = pick([s for s in sizes if good(nos_tool, s) and good("hugo", s)], 10000)
    if size:
        f = stats[(nos_tool, size)]["wall"] / stats[("hugo", size)]["wall"]
        w(f"| 10k cold build, search off | ≤ 0.5 × Hugo | {f:.2f} × ({fmt(stats[(nos_tool, size)]['wall'])} s "
          f"against {fmt(stats[('hugo', size)]['wall'])} s, {size:,} articles) | {verdict(f <= 0.5, size, 10000)} |")
    else:
        w("| 10k cold build, search off | ≤ 0.5 × Hugo | not measured | n/a |")
    size = pick([s for s in sizes if search and good("roundup", s) and good("hugo+pagefind", s)], 10000)
    if size:
        a, b = stats[("roundup", size)]["wall"], stats[("hugo+pagefind", size)]["wall"]
        w(f"| 10k cold build, search on | ≤ 0.3 × Hugo followed by the Pagefind CLI | {a / b:.2f} × "
          f"({fmt(a)} s against {fmt(b)} s, {size:,} articles) | {verdict(a / b <= 0.3, size, 10000)} |")
    else:
        w("| 10k cold build, search on | ≤ 0.3 × Hugo followed by the Pagefind CLI | not measured"
          f"{'' if search else ' (SEARCH=false)'} | n/a |")
    size = pick([s for s in sizes if search and good("roundup", s)], big)
    if size:
        m = stats[("roundup", size)]["rss"]
        w(f"| 100k cold build, search on | < 1 GiB peak | {fmt(m, 0)} MiB ({size:,} articles) | "
          f"{verdict(m < 1024, size, big)} |")
    else:
        w(f"| 100k cold build, search on | < 1 GiB peak | not measured{'' if search else ' (SEARCH=false)'} | n/a |")
    if serve:
        x = median(serve)
        w(f"| serve, 1k site, one saved article to reload signal | < 200 ms median | {x:.0f} ms "
          f"({min(serve):.0f}–{max(serve):.0f}, {len(serve)} edits, {ssize:,} articles, search "
          f"{'on' if search else 'off'}) | {verdict(x < 200, ssize, 1000)} |")
    else:
        w("| serve, 1k site, one saved article to reload signal | < 200 ms median | not measured | n/a |")
    w("")

    w("## Full builds")
    w("")
    w(f"Median of {runs} clean build(s) per tool and size, run alternately (each tool once, in the order "
      "of the table, then again), "
      "each into an emptied output folder and, for Roundup, with its `.roundup/` cache folder deleted (a cold "
      "build). CPU = user + sys; peak RSS and CPU from `/usr/bin/time -v`; "
      "files = files in the output folder afterwards. The ratios compare each Roundup row with the tool doing "
      "the same job (below 1 means Roundup is faster or smaller): Roundup without search with Hugo, Roundup "
      "with search with Hugo followed by the Pagefind CLI (one `sh -c 'hugo … && pagefind --site …'`; its "
      "peak RSS is that of its largest child process, as GNU time reports for `sh -c`, not their sum). "
      "Roundup's time includes clustering; Hugo only renders. *Other load*: CPU cores "
      "that other processes on the machine used during the runs (median, max); above ~0.3 the times are "
      "inflated by contention.")
    w("")
    w("| tool | articles | median wall s | median CPU s | median peak RSS MiB | files written | "
      "wall s min–max | compared with | wall ratio | peak RSS ratio | other load |")
    w("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|")
    for size in sizes:
        for tool, label in LABELS.items():
            if tool == "roundup" and search:
                label = "Roundup, search on"
            s = stats.get((tool, size))
            if s is None:
                continue
            if s["n"] == 0:
                w(f"| {label} | {size:,} | FAILED (exit {s['failed'][0]}) | | | | | | | | |")
                continue
            note = f" ({len(s['failed'])} run(s) failed)" if s["failed"] else ""
            vs = rw = rr = ""
            ref = reference(tool, size)
            h = good(ref, size) if ref else None
            if h:
                vs, rw, rr = LABELS[ref], ratio(s["wall"], h["wall"]), ratio(s["rss"], h["rss"])
            w(f"| {label}{note} | {size:,} | {fmt(s['wall'])} | {fmt(s['cpu'])} | {fmt(s['rss'], 0)} | "
              f"{s['files']:,} | {fmt(s['wmin'])}–{fmt(s['wmax'])} | {vs} | {rw} | {rr} | "
              f"{fmt(s['other'])}, {fmt(s['other_max'])} |")
    w("")

    # ----------------------------------------------------------------- growth
    tools = [t for t in LABELS if any((t, s) in stats for s in sizes)]
    w("## Growth")
    w("")
    for tool in tools:
        label = LABELS[tool]
        a, b = good(tool, 10000), good(tool, 100000)
        if a and b:
            w(f"- {label}: time(100k) / time(10k) = **{ratio(b['wall'], a['wall'], 1)}** wall, "
              f"{ratio(b['cpu'], a['cpu'], 1)} CPU, {ratio(b['rss'], a['rss'], 1)} peak RSS "
              "(10× is linear).")
        else:
            w(f"- {label}: time(100k) / time(10k) = n/a (needs successful runs at both 10000 and 100000).")
    pairs = list(zip(sizes, sizes[1:]))
    if pairs:
        w("")
        w("| tool | from → to | articles × | wall × | CPU × | peak RSS × |")
        w("|---|---|---:|---:|---:|---:|")
        for tool in tools:
            for a, b in pairs:
                sa, sb = good(tool, a), good(tool, b)
                if sa and sb:
                    w(f"| {LABELS[tool]} | {a:,} → {b:,} | {b / a:g} | {ratio(sb['wall'], sa['wall'], 1)} | "
                      f"{ratio(sb['cpu'], sa['cpu'], 1)} | {ratio(sb['rss'], sa['rss'], 1)} |")
    w("")

    # --------------------------------------------------------------- rebuilds
    w("## Roundup rebuilds into an existing output")
    w("")
    if not rb:
        w("Not measured (no successful clean Roundup build of the rebuild size).")
    else:
        edited = os.path.join(res, "logs", "rebuild-edit-article.txt")
        edited = open(edited).read().split("\t") if os.path.exists(edited) else None
        w(f"On the {rsize:,}-article site (search {'on' if search else 'off'}), into the output of its last "
          "clean build, with the build cache that build made. "
          "*Added*: a copy of `a000001.md` under a new name, dated one day after the newest article; "
          "*removed*: the same article deleted again (restoring the original site); "
          "*edited*: one sentence appended to the body of the middle article by date"
          + (f" (`{edited[0]}`, dated {edited[1].strip()})" if edited and len(edited) == 2 else "")
          + "; *undone*: its original bytes written back. "
          "Written/unchanged/removed are Roundup's own summary counts (median over runs); "
          "*of cold* is the median wall time as a fraction of the cold build's.")
        w("")
        w("| case | runs | median wall s | of cold | median CPU s | median peak RSS MiB | written | unchanged "
          "| removed | other load |")
        w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        if cold:
            w(f"| cold build (for comparison) | {cold['n']} | {fmt(cold['wall'])} | 100 % | {fmt(cold['cpu'])} | "
              f"{fmt(cold['rss'], 0)} | {cold['files']:,} files | – | – | {fmt(cold['other'])} |")
        for case, name in REBUILD_NAMES.items():
            rs = rb.get(case)
            if not rs:
                continue
            ok = rb_ok[case]
            if not ok:
                w(f"| {name} | 0 | FAILED (exit {rs[0]['rc']}) | | | | | | | |")
                continue
            frac = f"{rb_wall[case] / cold['wall'] * 100:.0f} %" if cold else "n/a"
            w(f"| {name} | {len(ok)} | {fmt(rb_wall[case])} | {frac} | "
              f"{fmt(median([r['cpu'] for r in ok]))} | {fmt(median([r['rss'] for r in ok]), 0)} | "
              f"{fmt(median([r['written'] for r in ok]), 0)} | {fmt(median([r['unchanged'] for r in ok]), 0)} | "
              f"{fmt(median([r['removed'] for r in ok]), 0)} | {fmt(median([r['other'] for r in ok]))} |")
        note = os.path.join(res, "logs", "rebuild-add-event.txt")
        if os.path.exists(note) and open(note).read().strip():
            w("")
            w(f"Where the added article went: {open(note).read().strip()}.")
    w("")

    # ------------------------------------------------------------------ serve
    if serve:
        w("## Serve: saved article to reload signal")
        w("")
        w(f"`bench/serve_latency.py` on a private copy of the {ssize:,}-article site (search "
          f"{'on' if search else 'off'}): `roundup serve`, then {len(serve)} saves of one changed article, "
          "each timed from the write to the `reload` event on the live-reload stream (sent after the rebuild "
          "is written; includes the watcher's debounce).")
        w("")
        w(f"Median **{median(serve):.0f} ms**, range {min(serve):.0f}–{max(serve):.0f} ms; each: "
          + ", ".join(f"{x:.0f}" for x in serve) + ".")
        w("")

    # ------------------------------------------------------------- clustering
    timings = defaultdict(lambda: defaultdict(list))  # size -> phase -> [ms]
    phases = []
    for size, run, phase, ms in rows(res, "timings.tsv"):
        timings[int(size)][phase].append(num(ms))
        if phase not in phases:
            phases.append(phase)
    other = [p for p in phases if p != "cluster"]
    scores = {int(size): json.loads(doc) for size, doc in rows(res, "bcubed.tsv")}
    w("## Clustering: its own time and synthetic BCubed")
    w("")
    w("Phase times are the medians of Roundup's `timing: PHASE N ms` lines (printed with `ROUNDUP_TIMINGS=1`) "
      "over the clean builds; n/a when this Roundup does not print them. `cluster-pass` is the online "
      "clustering pass's own busy time: it runs while article bodies are still being analysed (on one of "
      "the analysing threads, which analyses too whenever nothing is ready to cluster), so it lies inside "
      "`load`; `heads` is the front-matter pass that comes first, also inside `load`; `cluster` is what follows it (event headlines, outlets and related "
      "events). BCubed compares `events.json` "
      "with the corpus's gold events (`gold.tsv`); the synthetic events are easy, so a correct clusterer "
      "scores close to 1.")
    w("")
    head = ["articles", "cluster ms"] + [f"{p} ms" for p in other] + [
        "gold events", "predicted events", "BCubed P", "BCubed R", "BCubed F1"]
    w("| " + " | ".join(head) + " |")
    w("|" + "---:|" * len(head))
    notes = []
    for size in sizes:
        if ("roundup", size) not in stats:
            continue
        t = timings.get(size, {})
        cells = [f"{size:,}", fmt(median(t.get("cluster", [])), 0)]
        cells += [fmt(median(t.get(p, [])), 0) for p in other]
        sc = scores.get(size)
        if sc:
            cells += [f"{sc['gold_events']:,}", f"{sc['predicted_events']:,}", f"{sc['precision']:.4f}",
                      f"{sc['recall']:.4f}", f"**{sc['f1']:.4f}**"]
            for k in ("missing", "duplicated", "unlabelled"):
                if sc.get(k):
                    notes.append(f"{size:,} articles: {sc[k]} article(s) {k} in events.json")
        else:
            cells += ["n/a"] * 5
        w("| " + " | ".join(cells) + " |")
    for n in notes:
        w("")
        w(f"Note: {n}.")

    summaries = {}
    for size, run, line in rows(res, "summaries.tsv"):
        summaries[int(size)] = line
    if summaries:
        w("")
        w("Roundup's summary line, last clean build of each size:")
        w("")
        for size in sorted(summaries):
            w(f"    {summaries[size]}")
    print("\n".join(out))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
