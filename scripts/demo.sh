#!/usr/bin/env bash
# The main job: installs what is missing, builds, and runs the migration demo
# (`throng demo migration`): a crowd against the embedded reference service
# with two SQLite shards, every account of shard-0 moved to shard-1 while it
# runs. Extra arguments go to `throng demo migration` (e.g.
# --migration-bug lose-writes-during-copy, --duration 30s, --out report/).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh -DTHRONG_BUILD_TESTS=OFF
exec build/apps/throng demo migration "$@"
