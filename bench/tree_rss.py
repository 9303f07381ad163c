#!/usr/bin/env python3
"""Runs a command and prints "wall_seconds peak_tree_kb": the wall time and the largest sum
of the resident sizes of the command and all its descendants (the reading workers
included), sampled every 10 ms from /proc. GNU time's %M shows only the largest single
process, which hides the workers.

    python3 bench/tree_rss.py digiaste aggregate DIR -o summary.xlsx --force
"""
import os
import subprocess
import sys
import time


PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def tree_rss_kb(root):
    """The resident size of `root` and its descendants, found through each task's
    `children` list (cheap enough to sample often)."""
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/statm") as f:
                total += int(f.read().split()[1]) * PAGE_KB
            for tid in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{tid}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except (OSError, ValueError):
            continue
    return total


if __name__ == "__main__":
    start = time.monotonic()
    proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss_kb(proc.pid))
        time.sleep(0.01)
    print(f"{time.monotonic() - start:.3f} {peak}")
