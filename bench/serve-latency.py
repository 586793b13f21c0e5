#!/usr/bin/env python3
"""From saving an exercise to `limber serve` printing that it rebuilt.

Starts `limber serve` on a guide (made with `cargo run --release --example
gen_guide -- 1000 DIR`), then saves one exercise file again and again, each
time with a different summary, and times how long the server takes to say
"Rebuilt": the watcher's wait for the editor to finish writing, the rebuild,
and the new site being served. Prints the median and the 90th percentile.

    bench/serve-latency.py target/release/limber /tmp/guide-1000 [runs]
"""
import os
import statistics
import subprocess
import sys
import threading
import time

binary, root = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 30
exercises = os.path.join(root, "content", "exercises")
path = os.path.join(exercises, sorted(os.listdir(exercises))[0])
original = open(path, encoding="utf-8").read()

server = subprocess.Popen(
    [binary, "serve", "--root", root, "--port", "0"],
    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1,
)
lines = []
ready = threading.Event()
rebuilt = threading.Event()


def read():
    for line in server.stdout:
        lines.append(line.rstrip())
        if line.startswith("Built"):
            ready.set()
        if "ebuilt after" in line:
            rebuilt.set()


threading.Thread(target=read, daemon=True).start()
try:
    if not ready.wait(60):
        sys.exit("limber serve did not start:\n" + "\n".join(lines))
    took = []
    for i in range(runs):
        time.sleep(0.3)
        rebuilt.clear()
        text = original.replace('summary = "', f'summary = "Edit {i}: ', 1)
        start = time.perf_counter()
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        if not rebuilt.wait(10):
            sys.exit("no rebuild:\n" + "\n".join(lines[-5:]))
        took.append((time.perf_counter() - start) * 1000)
    took.sort()
    print(f"{runs} saves: median {statistics.median(took):.1f} ms, "
          f"90th percentile {took[int(len(took) * 0.9) - 1]:.1f} ms, "
          f"fastest {took[0]:.1f} ms")
    print("last:", lines[-1])
finally:
    with open(path, "w", encoding="utf-8") as f:
        f.write(original)
    server.terminate()
    server.wait()
