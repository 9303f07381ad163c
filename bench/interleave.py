#!/usr/bin/env python3
"""Compares builds of digiaste with the floor in one run: floor, then `aggregate` of each
binary given, N rounds (default 9) in turn, so a machine that drifts moves all alike.
Prints each one's median wall time and its ratio to the floor's.

    C=/tmp/digiaste-bench/corpus-308 N=11 python3 bench/interleave.py OLD_BIN NEW_BIN
"""
import os
import statistics
import subprocess
import sys
import time

corpus = os.environ.get("C", "/tmp/digiaste-bench/corpus-308")
rounds = int(os.environ.get("N", "9"))
floor = os.path.join(os.path.dirname(__file__), "..", "target", "release", "examples", "floor")
runs = [("floor", [floor, corpus])] + [
    (b, [b, "aggregate", corpus, "-o", "/tmp/interleave-summary.xlsx", "--force"])
    for b in sys.argv[1:]
]
times = {name: [] for name, _ in runs}
for _ in range(rounds):
    for name, command in runs:
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times[name].append(time.perf_counter() - start)
base = statistics.median(times["floor"])
for name, t in times.items():
    q1, _, q3 = statistics.quantiles(t, n=4)
    print(
        f"{name:40s} median {statistics.median(t):.3f} s  {statistics.median(t) / base:.2f}× the floor"
        f"  (quartiles {q1:.3f}–{q3:.3f}, fastest {min(t):.3f})"
    )
