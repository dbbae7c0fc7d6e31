#!/usr/bin/env bash
# Builds the tests with sanitizers and runs them.
#   scripts/sanitize.sh asan   AddressSanitizer + UndefinedBehaviorSanitizer
#                              in throng's libraries and binary, every test,
#                              then a soak of `throng run` (SOAK, default
#                              30s) under LeakSanitizer, in build-asan/
#   scripts/sanitize.sh tsan   ThreadSanitizer, only the tests of the code
#                              that does not run inside CAF (Debian's CAF is
#                              not instrumented), in build-tsan/
# Both build at -O1 with line tables. Any sanitizer report fails the test
# that triggers it.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-}
jobs=$(nproc)
case "$mode" in
  asan)
    dir=build-asan
    # The tests' own code compiles as in build/ (cmake/sanitizers.cmake).
    flags=""
    targets=(all)
    extra=(-DTHRONG_SANITIZE=address,undefined -DTHRONG_WERROR=ON)
    export ASAN_OPTIONS=detect_leaks=1:detect_stack_use_after_return=1
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    # The checker's model-based tests run a quarter of their histories: the
    # sanitizers look for memory errors, which that many requests show.
    export THRONG_MODEL_SCALE=0.25
    ;;
  tsan)
    dir=build-tsan
    # g++ warns that TSan does not understand the std::atomic_thread_fence
    # inside Asio (-Wtsan); those warnings are in library code we cannot fix.
    flags="-fsanitize=thread -Wno-tsan"
    targets=(protocol_test stats_test http_test server_test)
    extra=(-DTHRONG_WERROR=OFF "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG")
    export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
    ;;
  *)
    echo "usage: $0 asan|tsan" >&2
    exit 2
    ;;
esac

# The asan run is the whole test suite, which needs the `test` set too.
if [[ $mode == asan ]]; then
  scripts/install-deps.sh test
else
  scripts/install-deps.sh
fi
# As scripts/build.sh: ccache hits across clones and build folders.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTHRONG_BUILD_TESTS=ON "${extra[@]}" \
  -DCMAKE_CXX_FLAGS="$flags" >/dev/null
cmake --build "$dir" -j "$jobs" --target "${targets[@]}"
if [[ $mode == asan ]]; then
  ctest --test-dir "$dir" --output-on-failure -j "$jobs" --timeout 600
  # A leak makes the process exit non-zero at its end (LeakSanitizer).
  "$dir/apps/throng" run --accounts 200 --rpm 60000 --duration "${SOAK:-30s}" \
    --seed-notes 5 --quiet >"$dir/soak.log"
  echo "leak soak: clean ($(grep -m1 -E '^  total' "$dir/soak.log" | tr -s ' '))"
else
  for t in "${targets[@]}"; do
    "$dir/tests/${t%_test}/$t" --gtest_brief=1
  done
fi
