#!/usr/bin/env python3
"""Measures `roundup serve` rebuild latency: time from saving one changed article to the
browser's reload signal (which is sent only after the rebuild is written).

Usage: python3 bench/serve_latency.py [--bin ROUNDUP] [--out FILE] SITE_DIR [EDITS]

ROUNDUP is the binary to run (default: $ROUNDUP_BIN, else target/release/roundup of this
repository). SITE_DIR must be a Roundup site (site.toml, articles/, templates/, static/); it is
edited in place (the middle article by file name gets a line appended EDITS times, default 10,
then is restored), so give it a copy, never a shared corpus. Saves are --pause seconds apart (default 2,
as a person editing saves): the server rebuilds the search index after each reload, and a save
made while it runs waits for it. Prints each latency and the median;
with --out, also writes one latency in milliseconds per line to FILE.
"""
import argparse
import glob
import os
import queue
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

# Stopped by `timeout` or bench/run.sh: still stop the server and restore the article.
signal.signal(signal.SIGTERM, lambda *_: sys.exit("serve_latency.py: terminated"))

parser = argparse.ArgumentParser(usage=__doc__)
parser.add_argument("--bin", default=os.environ.get("ROUNDUP_BIN") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "target", "release", "roundup"))
parser.add_argument("--out")
parser.add_argument("--pause", type=float, default=2.0,
                    help="seconds between saves (default 2): the search index is rebuilt after each reload")
parser.add_argument("site")
parser.add_argument("edits", nargs="?", type=int, default=10)
args = parser.parse_args()
site, edits = args.site, args.edits
if not os.access(args.bin, os.X_OK):
    sys.exit(f"serve_latency.py: {args.bin} is not an executable Roundup binary")
articles = sorted(glob.glob(os.path.join(site, "articles", "*.md")))
if not articles:
    sys.exit(f"serve_latency.py: no articles in {site}/articles")
article = articles[len(articles) // 2]
original = open(article, encoding="utf-8").read()

proc = subprocess.Popen([args.bin, "serve", "--root", site, "--port", "0"], stdout=subprocess.PIPE,
                        stderr=subprocess.STDOUT, text=True)
try:
    port = None
    start = time.time()
    for line in proc.stdout:
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if m:
            port = int(m.group(1))
            break
    if port is None:
        sys.exit(f"serve_latency.py: roundup serve exited (status {proc.wait()}) before printing its address")
    print(f"initial build + start: {time.time() - start:.2f} s")
    # A hung server fails the measurement instead of blocking forever.
    s = socket.create_connection(("127.0.0.1", port), timeout=120)
    s.sendall(b"GET /__roundup/events HTTP/1.1\r\nHost: x\r\n\r\n")
    f = s.makefile("r")
    while not f.readline().startswith(": connected"):
        pass
    # The event stream is read on its own thread, so that waiting between saves still sees every
    # event: a second reload for one save (the watcher saw it as two changes) is counted, never
    # taken for the next save's.
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(l) for l in f] + [lines.put("")], daemon=True).start()

    def next_line(timeout):
        line = lines.get(timeout=timeout)
        if not line:
            sys.exit("serve_latency.py: the server closed the event stream")
        return line

    times = []
    extra = 0
    for i in range(edits):
        t0 = time.time()
        with open(article, "w", encoding="utf-8") as out:
            out.write(original + f"\n\nEdit number {i}.\n")
        while True:
            line = next_line(120)
            if line.startswith("event: reload"):
                break
            if line.startswith("event: build-error"):
                sys.exit("build error: " + next_line(120))
        times.append((time.time() - t0) * 1000)
        end = time.time() + args.pause
        while (left := end - time.time()) > 0:
            try:
                extra += next_line(left).startswith("event: reload")
            except queue.Empty:
                break
    print(f"edited: {os.path.relpath(article, site)}")
    print("save → reload (ms):", " ".join(f"{t:.0f}" for t in times))
    print(f"extra reloads (one save seen as two changes): {extra}")
    print(f"median {statistics.median(times):.0f} ms over {edits} edits (includes the watcher's 50 ms debounce)")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as out:
            out.write("".join(f"{t:.1f}\n" for t in times))
finally:
    with open(article, "w", encoding="utf-8") as out:
        out.write(original)
    proc.terminate()
    proc.wait()
