#!/usr/bin/env bash
# The main job: installs what is missing, builds, and runs throng against the
# embedded reference service. Extra arguments go to `throng run`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh -DTHRONG_BUILD_TESTS=OFF -DTHRONG_BUILD_BENCH=OFF
exec build/apps/throng run --accounts 200 --notes-per-account 20 --rpm 60000 \
  --duration 30s "$@"
