#!/usr/bin/env python3
"""Measures `roundup serve` rebuild latency: time from saving one changed article to the
browser's reload signal (which is sent only after the rebuild is written).

Usage: python3 bench/serve_latency.py SITE_DIR [EDITS]
SITE_DIR must be a Roundup site (site.toml, articles/, templates/, static/); it is edited
in place (one article gets a line appended, then restored). Prints each latency and the median.
"""
import os, socket, statistics, subprocess, sys, time, glob, re

site = sys.argv[1]
edits = int(sys.argv[2]) if len(sys.argv) > 2 else 10
binary = os.path.join(os.path.dirname(__file__), "..", "target", "release", "roundup")
proc = subprocess.Popen([binary, "serve", "--root", site, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
try:
    port = None
    start = time.time()
    for line in proc.stdout:
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if m:
            port = int(m.group(1))
            break
    print(f"initial build + start: {time.time() - start:.2f} s")
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /__roundup/events HTTP/1.1\r\nHost: x\r\n\r\n")
    f = s.makefile("r")
    while not f.readline().startswith(": connected"):
        pass
    article = sorted(glob.glob(os.path.join(site, "articles", "*.md")))[len(glob.glob(os.path.join(site, "articles", "*.md"))) // 2]
    original = open(article).read()
    times = []
    for i in range(edits):
        t0 = time.time()
        with open(article, "w") as out:
            out.write(original + f"\n\nEdit number {i}.\n")
        while True:
            line = f.readline()
            if line.startswith("event: reload"):
                break
            if line.startswith("event: build-error"):
                sys.exit("build error: " + f.readline())
        times.append((time.time() - t0) * 1000)
        time.sleep(0.3)
    with open(article, "w") as out:
        out.write(original)
    print("save → reload (ms):", " ".join(f"{t:.0f}" for t in times))
    print(f"median {statistics.median(times):.0f} ms over {edits} edits (includes the watcher's 120 ms debounce)")
finally:
    proc.terminate()
    proc.wait()
