#!/usr/bin/env bash
# Hardening stage of the test command (tools/test.sh runs it after the release tests):
#   1. the whole GoogleTest suite under AddressSanitizer + UndefinedBehaviorSanitizer (asan preset);
#   2. the parallel paths (assignment, transit, demand, scenario batches: tests whose names say
#      threads, determinism or batch) under ThreadSanitizer (tsan preset). The tsan build runs the
#      engine's parallel loops on std::thread instead of oneTBB (core/parallel.hpp): Debian's libtbb
#      is not built with -fsanitize=thread, so TSan could not see its task hand-off;
#   3. every libFuzzer target for CORRIDOR_FUZZ_SECONDS (default 40) from its seed corpus with a
#      fixed seed (fuzz preset, clang); a crash, sanitizer report, leak, >10 s input or >1 GB
#      malloc fails.
# The asan, tsan and fuzz presets build without MPI (CORRIDOR_WITH_MPI=OFF): Debian's Open MPI is
# not instrumented and keeps allocations past MPI_Finalize that LeakSanitizer would report; the
# MPI tests (tests/distributed) run in the release stage.
# Usage: tools/ci-sanitizers.sh [asan] [tsan] [fuzz]     (no argument: all three)
# Each stage prints its wall time. Exit status is non-zero when any stage fails.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="$(nproc)"
stages=("$@")
((${#stages[@]})) || stages=(asan tsan fuzz)

# Parallel tests run under TSan (names from tests/core, assignment, transit, demand, scenario).
TSAN_TARGETS=(corridor corridor_core_tests corridor_assignment_tests corridor_transit_tests
              corridor_demand_tests corridor_scenario_tests)
TSAN_FILTER='Thread|BitIdentical|SameBits|Determinis|Batch|ForChunks|PerWorker'

timed() {
  local name="$1"
  shift
  local t0=$SECONDS
  echo "== ${name}: start $(date +%T)"
  "$@"
  echo "== ${name}: done in $((SECONDS - t0)) s"
}

asan() {
  cmake --preset asan >/dev/null
  cmake --build --preset asan -j"$jobs"
  ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1" \
    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    ctest --preset asan -j"$jobs" --timeout 1200
}

tsan() {
  cmake --preset tsan >/dev/null
  cmake --build --preset tsan -j"$jobs" --target "${TSAN_TARGETS[@]}"
  TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1" \
    ctest --preset tsan -j"$jobs" --timeout 1200 -R "$TSAN_FILTER"
}

fuzz() {
  if ! command -v clang++ >/dev/null; then
    echo "clang++ not found: install clang and libclang-rt-14-dev (tools/install-deps.sh)" >&2
    return 1
  fi
  cmake --preset fuzz -DCORRIDOR_FUZZ_SECONDS="${CORRIDOR_FUZZ_SECONDS:-40}" >/dev/null
  cmake --build --preset fuzz -j"$jobs"
  ctest --preset fuzz -j"$jobs" --timeout 600
}

for s in "${stages[@]}"; do
  case "$s" in
    asan | tsan | fuzz) timed "$s" "$s" ;;
    *) echo "unknown stage '$s' (asan, tsan, fuzz)" >&2; exit 2 ;;
  esac
done
