#!/usr/bin/env bash
# Installs the Debian 12 packages throng needs, if any is missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  libcaf-dev libboost1.81-dev nlohmann-json3-dev libsimdjson-dev libssl-dev
  libgtest-dev libcli11-dev libsqlite3-dev python3 libjs-dygraphs
)
# Extra sets, by argument:
#   test: what the test suite uses besides the build: headless chromium (the
#         report.html and dashboard tests), prometheus (promtool checks
#         /metrics), RapidCheck (the checker's model-based tests), and Node.js
#         with playwright-core from npm (the dashboard's browser test;
#         Debian's nodejs and npm unless a node is there already).
#   bench: what bench/ needs besides the build: wrk (bench/throughput.py),
#          valgrind (bench/instructions.py).
#   fuzz: what scripts/fuzz.sh needs (clang and its libFuzzer and sanitizer
#         runtimes). g++'s sanitizer runtimes, which scripts/sanitize.sh
#         uses, come with build-essential.
browser_test=0
for extra in "$@"; do
  case $extra in
    test)
      packages+=(chromium prometheus librapidcheck-dev)
      browser_test=1
      command -v node >/dev/null || packages+=(nodejs)
      command -v npm >/dev/null || packages+=(npm)
      ;;
    bench) packages+=(wrk valgrind) ;;
    fuzz) packages+=(clang libclang-rt-14-dev) ;;
    *) echo "install-deps.sh: unknown set '$extra' (test, bench, fuzz)" >&2; exit 2 ;;
  esac
done
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  # --no-install-recommends: libboost1.81-dev conflicts with libboost-dev.
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq \
    --no-install-recommends "${missing[@]}"
fi
browser_dir="$(cd "$(dirname "$0")/../tests/browser" && pwd)"
if ((browser_test)) && [[ ! -d $browser_dir/node_modules/playwright-core ]]; then
  echo "installing playwright-core (npm) for tests/browser"
  (cd "$browser_dir" && npm ci --no-audit --no-fund --loglevel=error)
fi
