#!/usr/bin/env python3
"""User-space instructions a request, two throng builds side by side, under
Valgrind's callgrind: a figure this VM's drifting speed does not move, for
changes too small for CPU time to show (a few percent).

Each build runs a short and a long run at the same low offered rate
against one `throng serve` (the first build's, in its own process, not
under Valgrind); the difference in instructions over the difference in
requests is the cost of one more request, start-up and shut-down
cancelling out. Only throng's user space counts (no kernel), and the SHA-256
of libcrypto runs its plain code under Valgrind (no SHA or AVX
extensions), so it weighs more than it does natively; compare builds, not
the figure with CPU time. Needs valgrind (`scripts/install-deps.sh bench`).
Usage:
    bench/instructions.py BEFORE AFTER [--mix reads|full] [--seconds 10]
"""

import argparse
import json
import os
import re
import subprocess
import tempfile

from common import Service, add_builds, builds_of, reads_scenario


def counted_run(throng, url, seconds, args, tmp):
    """Runs `throng run` under callgrind for `seconds`; returns its
    instructions and requests."""
    out = os.path.join(tmp, "callgrind.out")
    summary = os.path.join(tmp, "summary.json")
    extra = ["--scenario", reads_scenario(tmp)] if args.mix == "reads" else []
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", throng, "run",
         "--target", url, "--accounts", str(args.accounts), "--rpm", str(args.rpm),
         "--duration", f"{seconds}s", "--connections", "16",
         "--notes-per-account", "10", "--seed", "1", "--quiet",
         "--summary-json", summary, *extra],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        timeout=seconds * 20 + 300)
    if done.returncode not in (0, 1):
        raise SystemExit(f"throng run under valgrind failed ({done.returncode}): "
                         f"{done.stderr[-500:]}")
    collected = re.search(r"Collected : (\d+)", done.stderr)
    if not collected:
        raise SystemExit("callgrind printed no instruction count")
    with open(summary) as f:
        requests = json.load(f)["requests"]["total"]
    os.unlink(out)
    return int(collected.group(1)), requests


def main():
    ap = argparse.ArgumentParser()
    add_builds(ap)
    ap.add_argument("--mix", choices=("full", "reads"), default="reads")
    ap.add_argument("--seconds", type=int, default=10,
                    help="the short run; the long one is twice as long")
    ap.add_argument("--rpm", type=int, default=30000)
    ap.add_argument("--accounts", type=int, default=200)
    args = ap.parse_args()
    builds = builds_of(args)
    service = Service(builds[0])
    per_request = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for b in builds:
                short = counted_run(b, service.url, args.seconds, args, tmp)
                long = counted_run(b, service.url, 2 * args.seconds, args, tmp)
                if long[1] <= short[1]:
                    raise SystemExit("the long run answered no more requests than the short")
                per_request.append((long[0] - short[0]) / (long[1] - short[1]))
    finally:
        service.stop()
    print(f"instructions a request ({args.mix} mix, {args.rpm / 60:.0f}/s offered):")
    for name, n in zip(("before", "after"), per_request):
        print(f"{name:7}{n:>10.0f}")
    print(f"change: {100 * (per_request[1] / per_request[0] - 1):+.1f}%")


if __name__ == "__main__":
    main()
