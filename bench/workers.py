#!/usr/bin/env python3
"""A distributed run's figures and cost (issue 13): the same offered load
with 1, 2 and 3 local workers against a separate `throng serve`.

Each run starts a fresh `throng serve` (in memory) and `throng run
--local-workers N` against it. It checks that the merged request total
equals the sum of the workers' rows and what the service answered (the
count `throng serve` prints as it stops, less the health probes of the
coordinator and of each worker before it starts: 1 + N), and measures the coordinator's
own CPU per request (its summary's process figures: the workers are other
processes) and the bytes per second it receives from each worker: the
kernel's count (`ss -ti`, bytes_received) on the coordinator's connections
to its workers, sampled every 250 ms while the run goes.

    bench/workers.py --rounds 3 --seconds 10
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import tempfile
import threading
import time

from common import Service, find_throng

SOCKET = re.compile(r"\S+:(\d+)\s+\S+:(\d+)\s+users:\(\(\"throng\",pid=(\d+),")
RECEIVED = re.compile(r"bytes_received:(\d+)")


def sample_received(pid, service_port):
    """Returns {local port: bytes received} of `pid`'s TCP connections to
    anything but the service (its workers)."""
    out = subprocess.run(["ss", "-tinpH", "state", "established"],
                         capture_output=True, text=True).stdout.splitlines()
    got = {}
    for i, line in enumerate(out):
        m = SOCKET.search(line)
        if not m or int(m.group(3)) != pid or int(m.group(2)) == service_port:
            continue
        info = out[i + 1] if i + 1 < len(out) else ""
        r = RECEIVED.search(info)
        if r:
            got[int(m.group(1))] = int(r.group(1))
    return got


def one_run(throng, workers, args):
    service = Service(throng, threads=1)
    service_port = int(service.url.rsplit(":", 1)[1])
    with tempfile.TemporaryDirectory() as tmp:
        summary_path = os.path.join(tmp, "summary.json")
        coord = subprocess.Popen(
            [throng, "run", "--target", service.url, "--local-workers", str(workers),
             "--accounts", str(args.accounts), "--rpm", str(args.rpm),
             "--duration", f"{args.seconds}s", "--connections", str(args.connections),
             "--notes-per-account", "10", "--seed", "1", "--quiet",
             "--summary-json", summary_path],
            stdout=subprocess.DEVNULL)
        received, seen = {}, {}
        stop = threading.Event()

        def sampler():
            while not stop.is_set():
                for port, n in sample_received(coord.pid, service_port).items():
                    seen.setdefault(port, time.monotonic())
                    received[port] = (n, time.monotonic())
                time.sleep(0.25)

        t = threading.Thread(target=sampler)
        t.start()
        code = coord.wait(timeout=args.seconds + 120)
        stop.set()
        t.join()
        service.proc.terminate()
        rest, _ = service.proc.communicate(timeout=10)
        if code not in (0, 1):
            raise SystemExit(f"throng run --local-workers {workers} exited {code}")
        with open(summary_path) as f:
            s = json.load(f)
    probes = 1 + workers
    answered = int(re.search(r"answered (\d+) requests", rest).group(1)) - probes
    total = s["requests"]["total"]
    by_workers = sum(w["requests"] for w in s["workers"])
    rates = [n / max(1e-9, at - seen[port]) for port, (n, at) in received.items()]
    return {
        "workers": workers,
        "total": total,
        "sum_of_workers": by_workers,
        "answered": answered,
        "violations": s["violations"]["total"],
        "rate": total / s["duration_s"],
        "coordinator_us_per_request": s["process"]["cpu_us_per_request"],
        "kib_per_s_per_worker": statistics.mean(rates) / 1024 if rates else 0.0,
        "connections_seen": len(received),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--accounts", type=int, default=600)
    ap.add_argument("--rpm", type=int, default=300000)
    ap.add_argument("--connections", type=int, default=12)
    args = ap.parse_args()
    throng = find_throng()
    results = {1: [], 2: [], 3: []}
    for r in range(args.rounds):
        for n in (1, 2, 3):
            x = one_run(throng, n, args)
            results[n].append(x)
            exact = x["total"] == x["sum_of_workers"] == x["answered"]
            print(f"round {r + 1} workers {n}: total {x['total']} sum of workers "
                  f"{x['sum_of_workers']} service answered {x['answered']} (+{1 + n} probes) "
                  f"({'equal' if exact else 'NOT EQUAL'}), {x['rate']:.0f} req/s, "
                  f"violations {x['violations']}, coordinator "
                  f"{x['coordinator_us_per_request']:.2f} us/request, "
                  f"{x['kib_per_s_per_worker']:.1f} KiB/s from each of "
                  f"{x['connections_seen']} worker connection(s)", flush=True)
    print("\nmin / median / max over the rounds")
    for n, xs in results.items():
        for key in ("rate", "coordinator_us_per_request", "kib_per_s_per_worker"):
            v = [x[key] for x in xs]
            print(f"  workers {n} {key:28} {min(v):10.2f} {statistics.median(v):10.2f}"
                  f" {max(v):10.2f}")


if __name__ == "__main__":
    main()
