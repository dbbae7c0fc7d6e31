#!/usr/bin/env python3
"""Does throng send at the rate it is asked for? Against one `throng serve`
(a separate process), runs throng at a few rates the service keeps up with
and prints, for each, the rate achieved (requests sent over the run's
length, from --summary-json) against --rpm. In the open model every tick is
a request meant to go out, sent late rather than dropped when its account
is busy, so the two should agree within 1%; what the run could not send by
its end is counted as skipped ticks. Beside it, how late throng's own clock
sent the ticks (the summary's `ticks.lateness_ms`: the client's pacing error
alone). With --runs N each rate runs N times and the last lines give the
min/median/max of the error and of the ticks' p99. Usage:
    bench/rate.py [--seconds 10] [--accounts 1000] [--connections 16]
                  [--rpm 60000,300000,600000] [--runs 1]
e.g. the 100,000-account goal: bench/rate.py --accounts 100000 --rpm 600000
--seconds 30 --runs 3
"""

import argparse
import statistics

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
        "tick_p50": s["ticks"]["lateness_ms"]["p50"],
        "tick_p99": s["ticks"]["lateness_ms"]["p99"],
        "tick_max": s["ticks"]["lateness_ms"]["max"],
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
    ap.add_argument("--runs", type=int, default=1, help="runs of each rate")
    args = ap.parse_args()
    throng = find_throng()
    rates = [int(r) for r in args.rpm.split(",")]
    service = Service(throng)
    try:
        rows = [(rpm, measure(throng, service.url, rpm, args))
                for rpm in rates for _ in range(args.runs)]
    finally:
        service.stop()
    print(f"{'--rpm':>9}{'asked/s':>10}{'achieved/s':>12}{'error':>9}"
          f"{'skipped ticks':>15}{'failed':>8}{'worst p99 ms':>14}"
          f"{'tick p50/p99/max ms':>22}")
    for rpm, r in rows:
        ticks = f"{r['tick_p50']:.2f}/{r['tick_p99']:.2f}/{r['tick_max']:.2f}"
        print(f"{rpm:>9}{r['asked']:>10.1f}{r['achieved']:>12.1f}"
              f"{r['error_pct']:>+8.2f}%{r['skipped']:>15}{r['failed']:>8}"
              f"{r['p99']:>14.2f}{ticks:>22}")
    if args.runs > 1:
        for rpm in rates:
            mine = [r for x, r in rows if x == rpm]
            for key, label in (("error_pct", "error %"), ("tick_p99", "tick p99 ms")):
                v = sorted(r[key] for r in mine)
                print(f"{rpm} rpm, {label}: min {v[0]:.3f} median "
                      f"{statistics.median(v):.3f} max {v[-1]:.3f}")
    off = [rpm for rpm, r in rows if abs(r["error_pct"]) > 1]
    print("every rate within 1% of --rpm" if not off else
          "off by more than 1%: " + ", ".join(str(r) for r in off) + " rpm")


if __name__ == "__main__":
    main()
