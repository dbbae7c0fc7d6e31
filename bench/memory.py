#!/usr/bin/env python3
"""throng's own resident memory per account, and how long a crowd takes to
start and to stop: runs throng with (by default) 1,000,000 accounts that
each sign up and create 10 notes in the seed-data phase, then a short
measured run of the full mix, against a separate `throng serve --store
memory` (its own process: its memory is not throng's). Prints, per run,
throng's peak RSS less that of a one-account run, per account, and:

- spawn: from `throng run` starting to every account actor running (the
  control API's accounts.running);
- start-up: from `throng run` starting to the measured run's start, less
  the seed-data phase (which takes as long as the service does: 11 requests
  an account);
- shut-down: from the end of the duration to the process's exit.

The run's start comes from the control API's elapsed_s, polled every 50 ms
(to within the poll's round trip). Three runs by default, then the min,
median and max. A run of 1M accounts takes about as long as the service
needs for 11M requests (10 to 20 minutes on the 2-core VM).

Usage: bench/memory.py [--accounts 1000000] [--runs 3] [--duration 20]
                       [--rps 10000] [--seed-batch 2000]"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

from common import Service, find_throng

NOTES = 10


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StatusPoller(threading.Thread):
    """Polls throng's control API until stopped; keeps (sent, received,
    status) for every answer."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.url = f"http://127.0.0.1:{port}/status"
        self.samples = []
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            sent = time.monotonic()
            try:
                with urllib.request.urlopen(self.url, timeout=5) as r:
                    body = json.load(r)
                self.samples.append((sent, time.monotonic(), body))
            except OSError:
                pass
            self.done.wait(0.05)


def run_start(samples):
    """Returns the monotonic time of the measured run's start, from the
    polls that saw elapsed_s: the middle of the tightest bounds."""
    lo, hi = [], []
    for sent, received, body in samples:
        e = body.get("elapsed_s", 0)
        if e > 0:
            lo.append(sent - e)
            hi.append(received - e)
    if not lo:
        return None
    return (max(lo) + min(hi)) / 2


def first_time(samples, pred):
    """Returns when the first poll whose status `pred` accepts came back."""
    for sent, received, body in samples:
        if pred(body):
            return received
    return None


def measure(throng, accounts, args):
    service = Service(throng, store="memory")
    port = free_port()
    seconds = args.duration if accounts > 1 else 2
    with tempfile.TemporaryDirectory() as tmp:
        summary = os.path.join(tmp, "summary.json")
        poller = StatusPoller(port)
        began = time.monotonic()
        proc = subprocess.Popen([
            throng, "run", "--target", service.url, "--accounts", str(accounts),
            "--rpm", str(args.rps * 60), "--duration", f"{seconds}s",
            "--notes-per-account", str(NOTES), "--seed-notes", str(NOTES),
            "--seed-batch", str(args.seed_batch), "--connections", "16",
            "--seed", "1", "--control", f"127.0.0.1:{port}", "--quiet",
            "--summary-json", summary], stdout=subprocess.DEVNULL)
        poller.start()
        try:
            code = proc.wait(timeout=args.timeout)
        finally:
            ended = time.monotonic()
            poller.done.set()
            poller.join()
            service.stop()
        if code not in (0, 1):
            raise SystemExit(f"throng run failed with exit code {code}")
        with open(summary) as f:
            s = json.load(f)
    samples = poller.samples
    start = run_start(samples)
    seed_s = s.get("seed_data", {}).get("seconds", 0.0)
    spawned = first_time(samples, lambda b: b["accounts"]["running"] >= accounts)
    return {
        "summary": s,
        "rss_kb": s["process"]["max_rss_kb"],
        "seed_s": seed_s,
        "wall_s": ended - began,
        "spawn_s": None if spawned is None else spawned - began,
        "startup_s": None if start is None else start - began - seed_s,
        "shutdown_s": None if start is None else ended - (start + s["duration_s"]),
    }


def fmt(x, spec):
    return "-" if x is None else format(x, spec)


def spread(xs):
    xs = [x for x in xs if x is not None]
    if not xs:
        return "-"
    return f"{min(xs):.2f} / {statistics.median(xs):.2f} / {max(xs):.2f}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--accounts", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--duration", type=int, default=20,
                    help="seconds of the measured run after the seed phase")
    ap.add_argument("--rps", type=int, default=10_000)
    ap.add_argument("--seed-batch", type=int, default=2_000)
    ap.add_argument("--timeout", type=int, default=3_600, help="seconds a run may take")
    args = ap.parse_args()
    throng = find_throng()

    base = measure(throng, 1, args)["rss_kb"]
    print(f"baseline (1 account): {base / 1024:.1f} MiB", flush=True)
    cols = ("run", "seeded notes", "peak RSS MiB", "KiB/account", "violations",
            "seed s", "spawn s", "start-up s", "shut-down s", "wall s")
    print("  ".join(f"{c:>12}" for c in cols), flush=True)
    results = []
    for i in range(args.runs):
        r = measure(throng, args.accounts, args)
        s = r["summary"]
        r["kib"] = (r["rss_kb"] - base) / args.accounts
        results.append(r)
        seed = s.get("seed_data", {})
        row = (i + 1, seed.get("notes", 0), f"{r['rss_kb'] / 1024:.1f}", f"{r['kib']:.2f}",
               s["violations"]["total"], f"{r['seed_s']:.1f}", fmt(r["spawn_s"], ".2f"),
               fmt(r["startup_s"], ".2f"),
               fmt(r["shutdown_s"], ".2f"), f"{r['wall_s']:.1f}")
        print("  ".join(f"{c:>12}" for c in row), flush=True)
        if seed.get("notes", 0) != NOTES * args.accounts or seed.get("errors", 0):
            print(f"  run {i + 1}: not every account holds its {NOTES} notes: {seed}",
                  file=sys.stderr, flush=True)
    print(f"\nmin / median / max over {len(results)} runs of {args.accounts:,} accounts:")
    print(f"  KiB per account  {spread([r['kib'] for r in results])}")
    print(f"  start-up s       {spread([r['startup_s'] for r in results])}")
    print(f"  shut-down s      {spread([r['shutdown_s'] for r in results])}")
    print(f"  spawn s          {spread([r['spawn_s'] for r in results])}")


if __name__ == "__main__":
    main()
