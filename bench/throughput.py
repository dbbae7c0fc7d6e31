#!/usr/bin/env python3
"""throng against wrk: both drive the same `throng serve` (a separate
process) on loopback with the same number of connections; prints each one's
requests per second and CPU time per request, and their ratios.

wrk reads one note over and over (GET with a bearer token); throng runs its
full mix (sign-ups, writes, reads, lists, each answer parsed and checked),
so per request it does more than wrk, and so does the service. With
`--mix reads` throng's accounts run the `reader` behaviour instead (three
notes each, then reads of them, a list of them one time in five, every
answer checked): about the service work of wrk's GETs.

Beside each tool's figures it prints the service's CPU per request and how
busy its one thread was: at 90% or more the service, not the client, set
the throughput, and the throughput ratio says more about the service's
cost of the mix than about the client. Usage:
    bench/throughput.py [--seconds 10] [--connections 16] [--accounts 1000]
                        [--mix full|reads] [--runs 3]

Each run is a wrk half and a throng half on fresh services; the order
alternates run by run, since this VM's speed drifts within minutes. throng
is offered 1.5 times the rate wrk reached in the first run, every run.
"""

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import tempfile
import time
import urllib.request

from common import Service, find_throng, reads_scenario, run_throng


def post(url, body, token=None):
    req = urllib.request.Request(url, data=json.dumps(body).encode(),
                                 method="POST",
                                 headers={"Content-Type": "application/json"})
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=5) as r:
        return json.load(r)


def run_wrk(service, seconds, connections):
    url = service.url
    acct = post(url + "/v1/accounts", {"name": "wrk-bench", "password": "pw"})
    note = post(f"{url}/v1/accounts/{acct['id']}/notes",
                {"content": "x" * 128}, acct["token"])
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write('wrk.headers["Authorization"] = "Bearer %s"\n' % acct["token"])
        script = lua.name
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    service_before, start = service.cpu_seconds(), time.monotonic()
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", script,
         f"{url}/v1/accounts/{acct['id']}/notes/{note['id']}"],
        capture_output=True, text=True, timeout=seconds + 30, check=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    user, system = after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime
    wall = time.monotonic() - start
    service_cpu = service.cpu_seconds() - service_before
    os.unlink(script)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return Half(rps, user / total * 1e6, system / total * 1e6,
                service_cpu / total * 1e6, service_cpu / wall)


class Half:
    """One tool's figures: its requests a second and CPU per request (user
    and system), and the service's CPU per request and busy share (CPU over
    wall time) while it ran."""

    def __init__(self, rps, user_us, system_us, service_us, service_busy):
        self.rps, self.user_us, self.system_us = rps, user_us, system_us
        self.us = user_us + system_us
        self.service_us, self.service_busy = service_us, service_busy


def run_throng_half(throng, service, args, rpm, tmp):
    extra = ["--scenario", reads_scenario(tmp)] if args.mix == "reads" else []
    service_before = service.cpu_seconds()
    s = run_throng(throng, [
        "--target", service.url, "--accounts", str(args.accounts),
        "--rpm", str(rpm), "--duration", f"{args.seconds}s",
        "--connections", str(args.connections), "--notes-per-account", "10",
        "--seed", "1", *extra], timeout=args.seconds + 120)
    service_cpu = service.cpu_seconds() - service_before
    total = s["requests"]["total"]
    # The service's CPU includes the accounts' sign-ups before the clock
    # starts, and the wall time the start-up and grace, when the service
    # idles more: its CPU a request is if anything overstated, its busy
    # share understated.
    p = s["process"]
    return s, Half(total / s["duration_s"], p["cpu_user_s"] / total * 1e6,
                   p["cpu_system_s"] / total * 1e6, service_cpu / total * 1e6,
                   service_cpu / s["wall_s"])


def one_pair(throng, args, rpm, wrk_first, tmp):
    """One run: a wrk half and a throng half, each on a fresh service, in
    the order given. throng is offered `rpm`, or when that is 0 (wrk goes
    first then) 1.5 times wrk's rate. Returns (wrk, throng's summary,
    throng, the rpm offered)."""
    halves = {}
    for tool in (("wrk", "throng") if wrk_first else ("throng", "wrk")):
        service = Service(throng)
        try:
            if tool == "wrk":
                halves["wrk"] = run_wrk(service, args.seconds, args.connections)
            else:
                rpm = rpm or int(halves["wrk"].rps * 60 * 1.5)
                halves["throng"] = run_throng_half(throng, service, args, rpm, tmp)
        finally:
            service.stop()
    return halves["wrk"], *halves["throng"], rpm


def spread(xs):
    return f"{min(xs):.2f} / {statistics.median(xs):.2f} / {max(xs):.2f}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--accounts", type=int, default=1000)
    ap.add_argument("--rpm", type=int, default=0,
                    help="throng's offered rate; default: 1.5 x what wrk reached first")
    ap.add_argument("--mix", choices=("full", "reads"), default="full",
                    help="throng's requests: its full mix, or checked reads")
    ap.add_argument("--runs", type=int, default=3,
                    help="runs, each a wrk half and a throng half, the order alternating")
    args = ap.parse_args()
    throng = find_throng()

    print(f"{'run':4}{'tool':8}{'requests/s':>12}{'cpu us/request':>16}"
          f"{'user':>7}{'system':>8}{'service us/req':>16}{'service busy':>14}")
    rpm, ratios, limited, violations, errors = args.rpm, [], set(), 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(1, args.runs + 1):
            wrk, s, mine, rpm = one_pair(throng, args, rpm, run % 2 == 1, tmp)
            for name, h in (("wrk", wrk), ("throng", mine)):
                print(f"{run:<4}{name:8}{h.rps:>12.0f}{h.us:>16.1f}{h.user_us:>7.1f}"
                      f"{h.system_us:>8.1f}{h.service_us:>16.1f}{h.service_busy:>13.0%}")
                if h.service_busy >= 0.9:
                    limited.add(name)
            ratios.append((mine.rps / wrk.rps, mine.us / wrk.us))
            violations += s["violations"]["total"]
            errors += s["requests"]["failed"]
    print(f"throughput ratio (throng/wrk), min / median / max: "
          f"{spread([r[0] for r in ratios])}")
    print(f"cpu per request ratio (throng/wrk), min / median / max: "
          f"{spread([r[1] for r in ratios])}")
    if limited:
        print(f"the service's thread was 90% busy or more for: {', '.join(sorted(limited))} "
              f"(it, not the client, set the throughput)")
    print(f"throng ({args.mix} mix): offered {rpm / 60:.0f}/s; "
          f"violations {violations}, errors {errors} in all runs")


if __name__ == "__main__":
    main()
