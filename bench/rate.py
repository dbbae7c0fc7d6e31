#!/usr/bin/env python3
"""Does throng send at the rate it is asked for? Against one `throng serve`
(a separate process), runs throng at a few rates the service keeps up with
and prints, for each, the rate achieved (requests sent over the run's
length, from --summary-json) against --rpm. In the open model every tick is
a request meant to go out, sent late rather than dropped when its account
is busy, so the two should agree within 1%; what the run could not send by
its end is counted as skipped ticks. Usage:
    bench/rate.py [--seconds 10] [--accounts 1000] [--connections 16]
                  [--rpm 60000,300000,600000]
"""

import argparse

from common import Service, find_throng, run_throng


def measure(throng, url, rpm, args):
    s = run_throng(throng, [
        "--target", url, "--accounts", str(args.accounts), "--rpm", str(rpm),
        "--duration", f"{args.seconds}s", "--connections", str(args.connections),
        "--notes-per-account", "10", "--seed", "1"], timeout=args.seconds + 120)
    asked = rpm / 60
    achieved = s["requests"]["total"] / s["duration_s"]
    return {
        "asked": asked,
        "achieved": achieved,
        "error_pct": (achieved - asked) / asked * 100,
        "skipped": s["requests"]["skipped_ticks"],
        "failed": s["requests"]["failed"],
        "p99": max(o["latency_ms"]["p99"] for o in s["operations"].values()
                   if o["count"] > 0),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--accounts", type=int, default=1000)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--rpm", default="60000,300000,600000",
                    help="comma-separated rates, requests per minute")
    args = ap.parse_args()
    throng = find_throng()
    rates = [int(r) for r in args.rpm.split(",")]
    service = Service(throng)
    try:
        rows = [(rpm, measure(throng, service.url, rpm, args)) for rpm in rates]
    finally:
        service.stop()
    print(f"{'--rpm':>9}{'asked/s':>10}{'achieved/s':>12}{'error':>9}"
          f"{'skipped ticks':>15}{'failed':>8}{'worst p99 ms':>14}")
    for rpm, r in rows:
        print(f"{rpm:>9}{r['asked']:>10.1f}{r['achieved']:>12.1f}"
              f"{r['error_pct']:>+8.2f}%{r['skipped']:>15}{r['failed']:>8}"
              f"{r['p99']:>14.2f}")
    off = [rpm for rpm, r in rows if abs(r["error_pct"]) > 1]
    print("every rate within 1% of --rpm" if not off else
          "off by more than 1%: " + ", ".join(str(r) for r in off) + " rpm")


if __name__ == "__main__":
    main()
