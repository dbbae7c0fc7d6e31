#!/usr/bin/env bash
# Installs what is missing, checks the C++ files' openings and sizes
# (scripts/check-structure.py), builds everything and runs every test: the
# test suite (with the dashboard in Debian's chromium, tests/browser), then
# the fuzz targets (FUZZ_SECONDS each, default 30), the suite
# under AddressSanitizer + UndefinedBehaviorSanitizer with a 30-second
# LeakSanitizer soak, and the non-CAF tests under ThreadSanitizer. This is
# what CI runs (.ci/run); on 2 cores it took 23 minutes from a cold cache.
# `scripts/test.sh --quick` runs the test suite only.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0
if [[ ${1:-} == --quick ]]; then
  quick=1
fi

stage() {
  echo "=== $1 ($(date -u +%H:%M:%S))"
}

stage "test suite"
scripts/install-deps.sh test
scripts/check-structure.py
scripts/build.sh -DTHRONG_BUILD_TESTS=ON
ctest --test-dir build --output-on-failure -j "$(nproc)" --timeout 600
if ((quick)); then
  exit 0
fi

stage "fuzzing"
scripts/fuzz.sh "${FUZZ_SECONDS:-30}"
stage "AddressSanitizer + UndefinedBehaviorSanitizer + LeakSanitizer"
scripts/sanitize.sh asan
stage "ThreadSanitizer"
scripts/sanitize.sh tsan
stage "done"
