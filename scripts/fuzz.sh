#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang in build-fuzz/ and
# runs each for SECONDS (default 30) on a scratch copy of its seed corpus, so
# that the committed corpus does not grow. Fails if any target crashes, leaks
# or trips a sanitizer; the input that did is left in build-fuzz/crashes/.
#   scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-30}
targets=(decode_fuzz service_fuzz http_parse_fuzz scenario_fuzz profile_fuzz checker_model_fuzz)
dir=build-fuzz

scripts/install-deps.sh fuzz
CC=clang CXX=clang++ cmake -S . -B "$dir" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1" \
  -DTHRONG_FUZZ=ON \
  -DTHRONG_BUILD_TESTS=OFF -DTHRONG_WERROR=ON >/dev/null
cmake --build "$dir" -j "$(nproc)" --target "${targets[@]}"

export ASAN_OPTIONS=detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
mkdir -p "$dir/crashes"
failed=0
for t in "${targets[@]}"; do
  work="$dir/corpus/$t"
  rm -rf "$work"
  mkdir -p "$work"
  cp tests/fuzz/corpus/"$t"/* "$work"/
  log="$dir/$t.log"
  status=0
  "$dir/tests/fuzz/$t" -max_total_time="$seconds" -rss_limit_mb=2048 \
    -timeout=20 -print_final_stats=1 -artifact_prefix="$dir/crashes/$t-" \
    "$work" >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  if ((status == 0)); then
    echo "$t: ok, ${runs:-?} runs, ${rate:-?} exec/s"
  else
    echo "$t: FAILED (exit $status), ${runs:-?} runs; log: $log"
    grep -m 20 -E 'ERROR|SUMMARY|runtime error|==[0-9]+==' "$log" || true
    failed=1
  fi
done
exit "$failed"
