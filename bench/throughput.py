#!/usr/bin/env python3
"""throng against wrk: both drive the same `throng serve` (a separate
process) on loopback with the same number of connections; prints each one's
requests per second and CPU time per request, and their ratios.

wrk reads one note over and over (GET with a bearer token); throng runs its
full mix (sign-ups, writes, reads, lists, each answer parsed and checked),
so per request it does more than wrk. Usage:
    bench/throughput.py [--seconds 10] [--connections 16] [--accounts 1000]
"""

import argparse
import json
import os
import re
import subprocess
import tempfile
import urllib.request

from common import Service, children_cpu, find_throng, run_throng


def post(url, body, token=None):
    req = urllib.request.Request(url, data=json.dumps(body).encode(),
                                 method="POST",
                                 headers={"Content-Type": "application/json"})
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=5) as r:
        return json.load(r)


def run_wrk(url, seconds, connections):
    acct = post(url + "/v1/accounts", {"name": "wrk-bench", "password": "pw"})
    note = post(f"{url}/v1/accounts/{acct['id']}/notes",
                {"content": "x" * 128}, acct["token"])
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write('wrk.headers["Authorization"] = "Bearer %s"\n' % acct["token"])
        script = lua.name
    before = children_cpu()
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", script,
         f"{url}/v1/accounts/{acct['id']}/notes/{note['id']}"],
        capture_output=True, text=True, timeout=seconds + 30, check=True).stdout
    cpu = children_cpu() - before
    os.unlink(script)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return rps, cpu / total * 1e6


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--accounts", type=int, default=1000)
    ap.add_argument("--rpm", type=int, default=0,
                    help="throng's offered rate; default: 1.5 x what wrk reached")
    args = ap.parse_args()
    throng = find_throng()

    service = Service(throng)
    try:
        wrk_rps, wrk_us = run_wrk(service.url, args.seconds, args.connections)
    finally:
        service.stop()

    service = Service(throng)
    try:
        rpm = args.rpm or int(wrk_rps * 60 * 1.5)
        s = run_throng(throng, [
            "--target", service.url, "--accounts", str(args.accounts),
            "--rpm", str(rpm), "--duration", f"{args.seconds}s",
            "--connections", str(args.connections), "--notes-per-account", "10",
            "--seed", "1"], timeout=args.seconds + 120)
    finally:
        service.stop()
    throng_rps = s["requests"]["total"] / s["duration_s"]
    throng_us = s["process"]["cpu_us_per_request"]

    print(f"{'':8}{'requests/s':>12}{'cpu us/request':>16}")
    print(f"{'wrk':8}{wrk_rps:>12.0f}{wrk_us:>16.1f}")
    print(f"{'throng':8}{throng_rps:>12.0f}{throng_us:>16.1f}")
    print(f"throughput ratio (throng/wrk): {throng_rps / wrk_rps:.2f}")
    print(f"cpu per request ratio (throng/wrk): {throng_us / wrk_us:.2f}")
    print(f"throng: offered {rpm / 60:.0f}/s, skipped ticks "
          f"{s['requests']['skipped_ticks']}, violations {s['violations']['total']}, "
          f"errors {s['requests']['failed']}")


if __name__ == "__main__":
    main()
