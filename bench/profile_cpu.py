#!/usr/bin/env python3
"""CPU per request of throng through an API profile against the built-in
mapping (issue 16: within 10%).

Each round runs throng twice against the same separate `throng serve`
(v1 shape, in memory), the same accounts, rate, seed and duration: once
with the built-in mapping, once with `--api profiles/api-v1.json`, in
alternating order; it prints each run's client CPU per request and the
ratio. With --cookie it adds a run against `throng serve --shape cookie`
through profiles/example-cookie.json (paged lists without contents: more
requests per list, so not the same work; shown for information).

    bench/profile_cpu.py --rounds 3 --seconds 10
"""

import argparse
import os
import statistics

from common import Service, find_throng, run_throng

HERE = os.path.dirname(os.path.abspath(__file__))
PROFILES = os.path.join(HERE, "..", "profiles")


def one_run(throng, url, args, api=None):
    flags = ["--target", url, "--accounts", str(args.accounts),
             "--rpm", str(args.rpm), "--duration", f"{args.seconds}s",
             "--connections", str(args.connections), "--notes-per-account", "10",
             "--seed", "1"]
    if api:
        flags += ["--api", api]
    s = run_throng(throng, flags, timeout=args.seconds + 120)
    if s["violations"]["total"] != 0:
        raise SystemExit(f"violations in a benchmark run ({api or 'built-in'})")
    return s["process"]["cpu_us_per_request"], s["requests"]["total"] / s["duration_s"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--accounts", type=int, default=500)
    ap.add_argument("--rpm", type=int, default=300000)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--cookie", action="store_true")
    args = ap.parse_args()
    throng = find_throng()
    v1 = os.path.join(PROFILES, "api-v1.json")
    builtin, profile = [], []
    service = Service(throng)
    try:
        for r in range(args.rounds):
            order = [None, v1] if r % 2 == 0 else [v1, None]
            for api in order:
                us, rps = one_run(throng, service.url, args, api)
                (profile if api else builtin).append(us)
                print(f"round {r + 1} {'api-v1.json' if api else 'built-in':12}"
                      f" {us:7.1f} us/request {rps:8.0f} requests/s", flush=True)
    finally:
        service.stop()

    def mmm(xs):
        return f"{min(xs):.1f} / {statistics.median(xs):.1f} / {max(xs):.1f}"
    print(f"built-in    us/request min/median/max: {mmm(builtin)}")
    print(f"api-v1.json us/request min/median/max: {mmm(profile)}")
    ratios = [p / b for p, b in zip(profile, builtin)]
    print("ratio (profile / built-in) per round: "
          + ", ".join(f"{x:.3f}" for x in ratios)
          + f"; median {statistics.median(ratios):.3f}")
    if args.cookie:
        service = Service(throng, extra=("--shape", "cookie"))
        try:
            us, rps = one_run(throng, service.url, args,
                              os.path.join(PROFILES, "example-cookie.json"))
            print(f"cookie shape through example-cookie.json: {us:.1f} us/request,"
                  f" {rps:.0f} requests/s")
        finally:
            service.stop()


if __name__ == "__main__":
    main()
