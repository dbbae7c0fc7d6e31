#!/usr/bin/env python3
"""Soak: runs throng for a bounded time against `throng serve` (apart, on
loopback) and samples throng's resident memory every few seconds, to show
that it stays flat: nothing piles up over a long run. Prints the samples,
the growth from the end of the warm-up to the end, and the run's summary.
Usage: bench/soak.py [--minutes 10] [--accounts 2000] [--rps 3000]
Run it with an AddressSanitizer build (THRONG=build-asan/apps/throng) to
have LeakSanitizer check for leaks at exit; a leak makes throng exit with a
non-zero code, which this script reports."""

import argparse
import json
import os
import subprocess
import tempfile
import time

from common import Service, find_throng


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--accounts", type=int, default=2000)
    ap.add_argument("--rps", type=int, default=3000)
    ap.add_argument("--every", type=float, default=10, help="seconds between samples")
    args = ap.parse_args()
    throng = find_throng()
    seconds = int(args.minutes * 60)
    service = Service(throng)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            summary = os.path.join(tmp, "summary.json")
            proc = subprocess.Popen(
                [throng, "run", "--target", service.url, "--accounts", str(args.accounts),
                 "--rpm", str(args.rps * 60), "--duration", f"{seconds}s",
                 "--notes-per-account", "10", "--seed", "1", "--quiet",
                 "--summary-json", summary],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            samples = []
            start = time.monotonic()
            while proc.poll() is None and time.monotonic() - start < seconds + 120:
                samples.append((time.monotonic() - start, rss_kb(proc.pid)))
                time.sleep(args.every)
            try:
                _, err = proc.communicate(timeout=120)
            except subprocess.TimeoutExpired:
                proc.kill()
                raise SystemExit("throng did not stop")
            with open(summary) as f:
                s = json.load(f)
    finally:
        service.stop()
    samples = [x for x in samples if x[1] > 0]
    print(f"{'t (s)':>7}{'RSS MiB':>10}")
    for t, kb in samples:
        print(f"{t:>7.0f}{kb / 1024:>10.1f}")
    warm = [kb for t, kb in samples if t >= min(120, seconds / 4)]
    if warm:
        print(f"RSS after warm-up: first {warm[0] / 1024:.1f} MiB, last {warm[-1] / 1024:.1f} MiB, "
              f"max {max(warm) / 1024:.1f} MiB, growth {(warm[-1] - warm[0]) / 1024:+.1f} MiB")
    print(f"requests {s['requests']['total']}, failed {s['requests']['failed']}, "
          f"violations {s['violations']['total']}, exit code {proc.returncode}")
    if "LeakSanitizer" in (err or ""):
        print("LeakSanitizer reported leaks:\n" + err[-4000:])


if __name__ == "__main__":
    main()
