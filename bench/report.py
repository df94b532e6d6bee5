#!/usr/bin/env python3
"""Turns the raw results of bench/run.sh into the Markdown report's tables.

Usage: python3 bench/report.py RESULTS_DIR RUNS

RESULTS_DIR holds (tab-separated, no headers):
  runs.tsv      tool size run wall_s user_s sys_s maxrss_kib files exit_status [other_cores]
  timings.tsv   size run phase ms                      (Roundup's ROUNDUP_TIMINGS=1 lines)
  bcubed.tsv    size json                              (bench/bcubed.py's output)
  rebuild.tsv   size case run wall_s user_s sys_s maxrss_kib written unchanged removed exit_status [other_cores]
  summaries.tsv size run summary_line                  (Roundup's summary line)
  logs/rebuild-add-event.txt  where the added article went (optional)
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


def main(res, runs):
    out = []
    w = out.append

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

    w("## Full builds")
    w("")
    w(f"Median of {runs} clean build(s) per tool and size, run alternately (Roundup, Hugo, Roundup, …), "
      "each into an emptied output folder. CPU = user + sys; peak RSS and CPU from `/usr/bin/time -v`; "
      "files = files in the output folder afterwards. The ratios are Roundup ÷ Hugo (below 1 means Roundup "
      "is faster or smaller). Roundup's time includes clustering; Hugo only renders. *Other load*: CPU cores "
      "that other processes on the machine used during the runs (median, max); above ~0.3 the times are "
      "inflated by contention.")
    w("")
    w("| tool | articles | median wall s | median CPU s | median peak RSS MiB | files written | "
      "wall s min–max | Roundup/Hugo wall | Roundup/Hugo peak RSS | other load |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in sizes:
        for tool, label in (("roundup", "Roundup"), ("hugo", "Hugo")):
            s = stats.get((tool, size))
            if s is None:
                continue
            if s["n"] == 0:
                w(f"| {label} | {size:,} | FAILED (exit {s['failed'][0]}) | | | | | | | |")
                continue
            note = f" ({len(s['failed'])} run(s) failed)" if s["failed"] else ""
            rw = rr = ""
            h = stats.get(("hugo", size))
            if tool == "roundup" and h and h["n"]:
                rw, rr = ratio(s["wall"], h["wall"]), ratio(s["rss"], h["rss"])
            w(f"| {label}{note} | {size:,} | {fmt(s['wall'])} | {fmt(s['cpu'])} | {fmt(s['rss'], 0)} | "
              f"{s['files']:,} | {fmt(s['wmin'])}–{fmt(s['wmax'])} | {rw} | {rr} | "
              f"{fmt(s['other'])}, {fmt(s['other_max'])} |")
    w("")

    # ----------------------------------------------------------------- growth
    w("## Growth")
    w("")
    for tool, label in (("roundup", "Roundup"), ("hugo", "Hugo")):
        a, b = stats.get((tool, 10000)), stats.get((tool, 100000))
        if a and b and a["n"] and b["n"]:
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
        for tool, label in (("roundup", "Roundup"), ("hugo", "Hugo")):
            for a, b in pairs:
                sa, sb = stats.get((tool, a)), stats.get((tool, b))
                if sa and sb and sa["n"] and sb["n"]:
                    w(f"| {label} | {a:,} → {b:,} | {b / a:g} | {ratio(sb['wall'], sa['wall'], 1)} | "
                      f"{ratio(sb['cpu'], sa['cpu'], 1)} | {ratio(sb['rss'], sa['rss'], 1)} |")
    w("")

    # --------------------------------------------------------------- rebuilds
    rb = defaultdict(list)
    rsize = None
    for size, case, run, wall, user, sys_, rss, written, unchanged, removed, rc, *other in rows(res, "rebuild.tsv"):
        rsize = int(size)
        rb[case].append(dict(wall=num(wall), cpu=num(user) + num(sys_), rss=num(rss) / 1024, written=num(written),
                             unchanged=num(unchanged), removed=num(removed), rc=int(rc),
                             other=num(other[0]) if other else math.nan))
    w("## Roundup rebuilds into an existing output")
    w("")
    if not rb:
        w("Not measured (no successful clean Roundup build of the rebuild size).")
    else:
        clean = stats.get(("roundup", rsize))
        w(f"On the {rsize:,}-article site, into the output of its last clean build. "
          "*Added*: a copy of `a000001.md` under a new name, dated one day after the newest article; "
          "*removed*: the same article deleted again (restoring the original site). "
          "Written/unchanged/removed are Roundup's own summary counts (median over runs).")
        w("")
        w("| case | runs | median wall s | median CPU s | median peak RSS MiB | written | unchanged | removed "
          "| other load |")
        w("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        if clean and clean["n"]:
            w(f"| clean build (for comparison) | {clean['n']} | {fmt(clean['wall'])} | {fmt(clean['cpu'])} | "
              f"{fmt(clean['rss'], 0)} | {clean['files']:,} files | – | – | {fmt(clean['other'])} |")
        names = {"nochange": "(a) no change", "add": "(b) one article added", "remove": "(c) that article removed"}
        for case in ("nochange", "add", "remove"):
            rs = rb.get(case)
            if not rs:
                continue
            ok = [r for r in rs if r["rc"] == 0]
            if not ok:
                w(f"| {names[case]} | 0 | FAILED (exit {rs[0]['rc']}) | | | | | | |")
                continue
            w(f"| {names[case]} | {len(ok)} | {fmt(median([r['wall'] for r in ok]))} | "
              f"{fmt(median([r['cpu'] for r in ok]))} | {fmt(median([r['rss'] for r in ok]), 0)} | "
              f"{fmt(median([r['written'] for r in ok]), 0)} | {fmt(median([r['unchanged'] for r in ok]), 0)} | "
              f"{fmt(median([r['removed'] for r in ok]), 0)} | {fmt(median([r['other'] for r in ok]))} |")
        note = os.path.join(res, "logs", "rebuild-add-event.txt")
        if os.path.exists(note) and open(note).read().strip():
            w("")
            w(f"Where the added article went: {open(note).read().strip()}.")
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
