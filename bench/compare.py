#!/usr/bin/env python3
"""Two throng builds side by side: each run of one is followed by a run of
the other (the order alternating), each against a fresh `throng serve` of
its own build on loopback, at the same fixed offered rate; prints, per
build, the median and range of CPU per request, requests per second and
`read_note`'s p50 and p99 from the intended send and as service time.

Alternating runs is what makes two builds comparable on a machine whose
speed drifts. Usage:
    bench/compare.py BEFORE AFTER [--rpm 600000] [--runs 6] [--seconds 10]
"""

import argparse
import statistics

from common import Service, add_builds, builds_of, run_throng

COLUMNS = ("cpu us/request", "requests/s", "read p50 us", "read p99 us",
           "service p50 us")


def one_run(throng, args):
    service = Service(throng)
    try:
        s = run_throng(throng, [
            "--target", service.url, "--accounts", str(args.accounts),
            "--rpm", str(args.rpm), "--duration", f"{args.seconds}s",
            "--connections", str(args.connections), "--notes-per-account", "10",
            "--seed", "1"], timeout=args.seconds + 120)
    finally:
        service.stop()
    read = s["operations"]["read_note"]
    return (s["process"]["cpu_us_per_request"],
            s["requests"]["total"] / s["duration_s"],
            read["latency_ms"]["p50"] * 1e3, read["latency_ms"]["p99"] * 1e3,
            read["service_latency_ms"]["p50"] * 1e3)


def main():
    ap = argparse.ArgumentParser()
    add_builds(ap)
    ap.add_argument("--rpm", type=int, default=600_000)
    ap.add_argument("--runs", type=int, default=6, help="runs of each build")
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--accounts", type=int, default=1000)
    ap.add_argument("--connections", type=int, default=16)
    args = ap.parse_args()
    builds = builds_of(args)
    figures = {b: [] for b in builds}
    for i in range(args.runs):
        for b in builds if i % 2 == 0 else builds[::-1]:
            figures[b].append(one_run(b, args))
    print(f"{args.runs} runs each, --rpm {args.rpm}: median (min-max)")
    for name, b in zip(("before", "after"), builds):
        cells = []
        for column, values in zip(COLUMNS, zip(*figures[b])):
            cells.append(f"{column} {statistics.median(values):.1f} "
                         f"({min(values):.1f}-{max(values):.1f})")
        print(f"{name:7}" + " | ".join(cells))


if __name__ == "__main__":
    main()
