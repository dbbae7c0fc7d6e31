#!/usr/bin/env bash
# Configures and builds throng in build/ (Release with debug info, -Werror,
# ccache), as CI does.
set -euo pipefail
cd "$(dirname "$0")/.."
# Let ccache hit across clones of the repository (CI builds a fresh clone):
# paths below the repository count as relative.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTHRONG_WERROR=ON \
  "$@" >/dev/null
cmake --build build -j "$(nproc)"
