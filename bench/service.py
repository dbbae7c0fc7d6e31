#!/usr/bin/env python3
"""What the reference service can take on one core: `throng serve` pinned to
CPU 0 (one I/O thread), driven by `throng run` pinned to CPU 1 with far more
offered load than it can serve, once per store. Prints the requests per
second it served, its CPU time per request and the service-time latency.

Every account keeps one request in flight, so the service sees as many
concurrent requests as there are accounts (up to the connections): its
throughput is the figure, not the crowd's latency, which an overloaded open
workload makes as large as the run is long. Usage:
    bench/service.py [--seconds 10] [--accounts 400] [--connections 32]
                     [--rpm 1200000]
"""

import argparse
import os
import shutil
import tempfile

from common import Service, find_throng, run_throng


def measure(throng, store, args):
    service = Service(throng, shards=2, threads=1, store=store,
                      prefix=("taskset", "-c", "0"))
    try:
        cpu_before = service.cpu_seconds()
        s = run_throng(throng, [
            "--target", service.url, "--accounts", str(args.accounts),
            "--rpm", str(args.rpm), "--duration", f"{args.seconds}s",
            "--connections", str(args.connections), "--notes-per-account", "10",
            "--seed", "1", "--threads", "1"],
            timeout=args.seconds + 120, prefix=("taskset", "-c", "1"))
        cpu = service.cpu_seconds() - cpu_before
    finally:
        service.stop()
    served = s["requests"]["total"] - s["requests"]["failed"]
    ops = s["operations"]
    worst = max(ops.values(), key=lambda o: o.get("count", 0))
    return {
        "rps": served / s["duration_s"],
        "cpu_us": cpu / max(served, 1) * 1e6,
        "failed": s["requests"]["failed"],
        "violations": s["violations"]["total"],
        "read_p50": ops["read_note"]["service_latency_ms"]["p50"],
        "read_p99": ops["read_note"]["service_latency_ms"]["p99"],
        "write_p99": max(ops[o]["service_latency_ms"]["p99"]
                         for o in ("create_note", "update_note", "delete_note")),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--accounts", type=int, default=400)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--rpm", type=int, default=1_200_000,
                    help="offered load, far above what one core serves")
    args = ap.parse_args()
    throng = find_throng()
    if os.cpu_count() < 2 or not shutil.which("taskset"):
        raise SystemExit("needs 2 CPUs and taskset (util-linux)")
    rows = [("memory", measure(throng, "memory", args))]
    with tempfile.TemporaryDirectory() as tmp:
        rows.append(("sqlite", measure(throng, "sqlite:" + tmp + "/db", args)))
    print(f"{'store':8}{'requests/s':>12}{'cpu us/req':>12}{'read p50 ms':>13}"
          f"{'read p99 ms':>13}{'write p99 ms':>14}{'failed':>8}{'violations':>12}")
    for name, r in rows:
        print(f"{name:8}{r['rps']:>12.0f}{r['cpu_us']:>12.1f}{r['read_p50']:>13.2f}"
              f"{r['read_p99']:>13.2f}{r['write_p99']:>14.2f}{r['failed']:>8}"
              f"{r['violations']:>12}")


if __name__ == "__main__":
    main()
