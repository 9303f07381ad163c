#!/usr/bin/env python3
"""Load on the intake server: N sends (each municipality's own valid return, from
make_corpus.py), C at a time, over plain HTTP; prints sends per second, latency p50 / p95 /
max and the peak resident memory of the server with its reading workers (sampled from
/proc every 10 ms, as tree_rss.py does).

    python3 bench/serve_load.py BIN CORPUS_DIR [--sends 308] [--concurrency 16] [--action send]

It starts `BIN serve` on a free loopback port with a fresh inbox and state, makes the links
with `BIN links`, sends the files of CORPUS_DIR (named CODE-….xlsx, each a valid return of that
municipality; taken in turn until --sends) through each one's municipality's link, checks every receipt, and stops the server with SIGTERM.
Python's standard library only.
"""
import argparse
import http.client
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tree_rss import tree_rss_kb  # noqa: E402

BOUNDARY = "digiaste-bench-boundary"


def form(name, data, action):
    head = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\n{action}\r\n"
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode()
    return head + data + f"\r\n--{BOUNDARY}--\r\n".encode()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bin")
    ap.add_argument("corpus")
    ap.add_argument("--sends", type=int, default=308)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--action", default="send")
    a = ap.parse_args()
    a.bin = os.path.abspath(a.bin)
    files = sorted(f for f in os.listdir(a.corpus) if re.match(r"\d{3}-", f))
    work = tempfile.mkdtemp(prefix="digiaste-serve-bench-")
    codes = sorted({f[:3] for f in files})
    subprocess.run([a.bin, "links", "--state", "state", "--base-url", "http://x", "-o", "links.csv",
                    "--municipality", *codes], cwd=work, check=True, capture_output=True)
    links = {}
    with open(os.path.join(work, "links.csv"), encoding="utf-8-sig") as f:
        for line in f.read().splitlines()[1:]:
            code, _, url = line.split(",")
            links[code] = url.replace("http://x", "")
    server = subprocess.Popen([a.bin, "serve", "--inbox", "inbox", "--state", "state", "--listen",
                               "127.0.0.1:0", "--max-concurrent", str(a.concurrency)],
                              cwd=work, stderr=subprocess.PIPE, text=True)
    line = server.stderr.readline()
    addr = re.search(r"http://(\S+)", line).group(1)
    host, port = addr.rsplit(":", 1)
    bodies = [(f, form(f, open(os.path.join(a.corpus, f), "rb").read(), a.action)) for f in files]
    bodies = [bodies[i % len(bodies)] for i in range(a.sends)]
    latencies, errors, peak = [], [], [0]
    lock, todo = threading.Lock(), list(range(len(bodies)))
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss_kb(server.pid))
            time.sleep(0.01)

    def worker():
        conn = http.client.HTTPConnection(host, int(port), timeout=120)
        while True:
            with lock:
                if not todo:
                    return
                i = todo.pop()
            name, body = bodies[i]
            t0 = time.perf_counter()
            conn.request("POST", links[name[:3]], body=body, headers={
                "Content-Type": f"multipart/form-data; boundary={BOUNDARY}", "Accept": "application/json"})
            r = conn.getresponse()
            text = r.read()
            dt = time.perf_counter() - t0
            with lock:
                latencies.append(dt)
                if r.status != 200 or (a.action == "send" and b'"receipt": {' not in text):
                    errors.append((name, r.status, text[:200]))

    sampler = threading.Thread(target=sample)
    sampler.start()
    start = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(a.concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    server.send_signal(signal.SIGTERM)
    code = server.wait()
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]  # noqa: E731
    stored = len(os.listdir(os.path.join(work, "inbox")))
    print(f"{len(bodies)} {a.action}s, {a.concurrency} at a time: {len(bodies) / wall:.1f}/s, "
          f"wall {wall:.1f} s, latency p50 {p(0.5) * 1000:.0f} ms p95 {p(0.95) * 1000:.0f} ms "
          f"max {latencies[-1] * 1000:.0f} ms; peak RSS (server + workers) {peak[0] / 1024:.0f} MB; "
          f"inbox {stored} files; errors {len(errors)}; exit {code}")
    for e in errors[:5]:
        print("error:", e)
    sys.exit(1 if errors or code != 0 else 0)


if __name__ == "__main__":
    main()
