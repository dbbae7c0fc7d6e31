#!/usr/bin/env python3
"""The reference service's slow requests, before and after: two builds of
`throng serve`, each pinned to CPU 0 (one I/O thread), driven by `throng
run` (the AFTER build) pinned to CPU 1 with 400 accounts over 32
connections and far more offered load than is served, runs alternated
build by build. Two cases:

  sqlite   the SQLite store (synchronous=FULL): requests served a second,
           the service's CPU per request and write p99: what group commit
           gives;
  latency  the memory store with the latency fault (--fault latency:MS:P,
           default latency:200:0.01): requests served a second and the
           service-time p50 / p90 / p99 of read_note, which show whether
           the delayed answers hold the others up (P of the answers are
           delayed by design, so a p99 near MS is those themselves).

Prints each run and, per build, min / median / max. Usage:
    bench/stall.py BEFORE AFTER [--case sqlite|latency|both] [--runs 3]
                   [--seconds 10] [--fault latency:200:0.01]
"""

import argparse
import os
import shutil
import statistics
import tempfile

from common import Service, run_throng


def one_run(serve, client, case, args):
    extra = ["--fault", args.fault] if case == "latency" else []
    with tempfile.TemporaryDirectory() as tmp:
        store = "sqlite:" + tmp + "/db" if case == "sqlite" else "memory"
        service = Service(serve, store=store, prefix=("taskset", "-c", "0"),
                          extra=extra)
        try:
            cpu_before = service.cpu_seconds()
            s = run_throng(client, [
                "--target", service.url, "--accounts", str(args.accounts),
                "--rpm", str(args.rpm), "--duration", f"{args.seconds}s",
                "--connections", str(args.connections),
                "--notes-per-account", "10", "--seed", "1", "--threads", "1",
                "--timeout", "30s"],
                timeout=args.seconds + 180, prefix=("taskset", "-c", "1"))
            cpu = service.cpu_seconds() - cpu_before
        finally:
            service.stop()
    served = s["requests"]["total"] - s["requests"]["failed"]
    ops = s["operations"]
    read = ops["read_note"]["service_latency_ms"]
    return {
        "requests/s": served / s["duration_s"],
        "cpu us/req": cpu / max(served, 1) * 1e6,
        "read p50 ms": read["p50"],
        "read p90 ms": read.get("p90", float("nan")),
        "read p99 ms": read["p99"],
        "write p99 ms": max(ops[o]["service_latency_ms"]["p99"]
                            for o in ("create_note", "update_note",
                                      "delete_note")),
        "failed": s["requests"]["failed"],
        "violations": s["violations"]["total"],
    }


def report(case, builds, figures):
    columns = list(next(iter(figures.values()))[0].keys())
    print(f"\n{case}: min / median / max of {len(figures[builds[0][1]])} runs")
    for name, b in builds:
        cells = []
        for c in columns:
            vals = [r[c] for r in figures[b]]
            cells.append(f"{c} {min(vals):.2f} / {statistics.median(vals):.2f}"
                         f" / {max(vals):.2f}")
        print(f"  {name}: " + "; ".join(cells))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("before", help="the throng binary of the build before")
    ap.add_argument("after", help="the throng binary of the build after")
    ap.add_argument("--case", choices=("sqlite", "latency", "both"),
                    default="both")
    ap.add_argument("--runs", type=int, default=3, help="runs of each build")
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--accounts", type=int, default=400)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--rpm", type=int, default=1_200_000,
                    help="offered load, far above what one core serves")
    ap.add_argument("--fault", default="latency:200:0.01")
    args = ap.parse_args()
    if os.cpu_count() < 2 or not shutil.which("taskset"):
        raise SystemExit("needs 2 CPUs and taskset (util-linux)")
    builds = [("before", os.path.abspath(args.before)),
              ("after", os.path.abspath(args.after))]
    for _, b in builds:
        if not os.access(b, os.X_OK):
            raise SystemExit(f"not an executable: {b}")
    client = builds[1][1]
    cases = ("sqlite", "latency") if args.case == "both" else (args.case,)
    for case in cases:
        figures = {b: [] for _, b in builds}
        for i in range(args.runs):
            for name, b in builds if i % 2 == 0 else builds[::-1]:
                r = one_run(b, client, case, args)
                figures[b].append(r)
                print(f"{case} run {i + 1} {name}: "
                      + ", ".join(f"{k} {v:.2f}" for k, v in r.items()),
                      flush=True)
        report(case, builds, figures)


if __name__ == "__main__":
    main()
