"""Shared plumbing for throng's benchmarks: start `throng serve` apart,
run throng, read its summary. Everything stays on 127.0.0.1."""

import json
import os
import subprocess
import tempfile
import time


def find_throng():
    here = os.path.dirname(os.path.abspath(__file__))
    for candidate in (os.environ.get("THRONG", ""),
                      os.path.join(here, "..", "build", "apps", "throng")):
        if candidate and os.access(candidate, os.X_OK):
            return os.path.abspath(candidate)
    raise SystemExit("throng binary not found: build first or set THRONG=path")


class Service:
    """`throng serve` on a free loopback port, in its own process."""

    def __init__(self, throng, shards=2, threads=1, store="memory", prefix=(),
                 extra=()):
        self.proc = subprocess.Popen(
            [*prefix, throng, "serve", "--port", "0", "--shards", str(shards),
             "--threads", str(threads), "--store", store, *extra],
            stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().strip()
        if not line.startswith("listening on "):
            self.proc.kill()
            raise SystemExit(f"throng serve did not start: {line!r}")
        self.url = "http://" + line.split()[-1]

    def cpu_seconds(self):
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


def add_builds(ap):
    """Adds the BEFORE and AFTER arguments (two throng binaries) to `ap`."""
    ap.add_argument("before", help="the throng binary of the build before")
    ap.add_argument("after", help="the throng binary of the build after")


def builds_of(args):
    """Returns the two binaries add_builds() asked for, as absolute paths;
    exits naming one that is not an executable."""
    builds = [os.path.abspath(args.before), os.path.abspath(args.after)]
    for b in builds:
        if not os.access(b, os.X_OK):
            raise SystemExit(f"not an executable: {b}")
    return builds


def reads_scenario(tmp):
    """Writes a scenario of checked reads (every account the `reader`
    behaviour) into directory `tmp`; returns its path."""
    path = os.path.join(tmp, "reads.json")
    with open(path, "w") as f:
        json.dump({"populations": [{"name": "readers", "behaviour": "reader"}]}, f)
    return path


def run_throng(throng, args, timeout, prefix=()):
    """Runs `throng run ARGS` (after PREFIX, e.g. taskset) and returns its
    summary (a dict)."""
    with tempfile.TemporaryDirectory() as tmp:
        summary = os.path.join(tmp, "summary.json")
        start = time.monotonic()
        done = subprocess.run([*prefix, throng, "run", *args, "--quiet",
                               "--summary-json", summary],
                              stdout=subprocess.DEVNULL, timeout=timeout)
        if done.returncode not in (0, 1):
            raise SystemExit(f"throng run failed with exit code {done.returncode}")
        with open(summary) as f:
            result = json.load(f)
        result["wall_s"] = time.monotonic() - start
        return result
