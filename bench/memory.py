#!/usr/bin/env python3
"""throng's own resident memory per account: runs throng with 10k and 100k
accounts that each create 10 notes (the service runs apart, in its own
process) and prints throng's peak RSS, less that of a one-account run, per
account. Usage: bench/memory.py [--accounts 10000 100000] [--rps 10000]"""

import argparse
import math

from common import Service, find_throng, run_throng

NOTES = 10


def measure(throng, accounts, rps):
    # Sign-up and ten creates are eleven requests per account; allow a few
    # more ticks so that every account is done before the end.
    seconds = max(10, math.ceil(14 * accounts / rps))
    service = Service(throng)
    try:
        s = run_throng(throng, [
            "--target", service.url, "--accounts", str(accounts),
            "--rpm", str(rps * 60), "--duration", f"{seconds}s",
            "--notes-per-account", str(NOTES), "--seed-notes", str(NOTES),
            "--connections", "16", "--seed", "1"], timeout=seconds + 300)
    finally:
        service.stop()
    return s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--accounts", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--rps", type=int, default=10_000)
    args = ap.parse_args()
    throng = find_throng()

    base = measure(throng, 1, 100)["process"]["max_rss_kb"]
    print(f"baseline (1 account): {base / 1024:.1f} MiB")
    print(f"{'accounts':>9}{'notes created':>15}{'peak RSS MiB':>14}{'KiB/account':>13}"
          f"{'requests':>10}{'violations':>11}")
    for n in args.accounts:
        s = measure(throng, n, args.rps)
        rss = s["process"]["max_rss_kb"]
        # Seeded notes are counted apart from the measured run's creates.
        created = s.get("seed_data", {}).get("notes", 0) + \
            s["operations"]["create_note"]["count"] - s["operations"]["create_note"]["errors"]
        print(f"{n:>9}{created:>15}{rss / 1024:>14.1f}{(rss - base) / n:>13.2f}"
              f"{s['requests']['total']:>10}{s['violations']['total']:>11}")


if __name__ == "__main__":
    main()
