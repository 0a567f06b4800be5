#!/usr/bin/env bash
# A longer fuzzing campaign by hand, with random seeds, beyond the 40-second CTest runs of CI.
# Usage: tools/fuzz-campaign.sh [seconds-per-target] [target ...]   (default 300 s, every target)
# Runs nproc targets at a time from the seed corpus plus what earlier campaigns found
# (build/fuzz/tests/fuzz/corpus/<target>); crash reproducers land in
# build/fuzz/tests/fuzz/artifacts/<target>/ and the script exits non-zero naming them. Add a
# reproducer to tests/fuzz/corpus/<target>/ once the bug is fixed, so CI replays it.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"
shift || true
cmake --preset fuzz >/dev/null && cmake --build --preset fuzz -j"$(nproc)" --target corridor_fuzz_all || exit 1
bin=build/fuzz/tests/fuzz
targets=("$@")
((${#targets[@]})) || targets=($(cd tests/fuzz && ls fuzz_*.cpp | sed 's/\.cpp$//' | grep -v support))
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 CORRIDOR_MEMORY_LIMIT_MB=1000
mkdir -p "$bin/logs"
run() {
  local t="$1"
  mkdir -p "$bin/corpus/$t" "$bin/artifacts/$t"
  if "$bin/$t" -seed=0 -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -malloc_limit_mb=1024 -max_len=16384 -print_final_stats=1 -artifact_prefix="$bin/artifacts/$t/" \
      "$bin/corpus/$t" "tests/fuzz/corpus/$t" >"$bin/logs/$t.log" 2>&1; then
    echo "$t: ok ($(grep -o 'number_of_executed_units: [0-9]*' "$bin/logs/$t.log"))"
  else
    echo "$t: FAILED, see $bin/logs/$t.log and $bin/artifacts/$t/"
    return 1
  fi
}
export -f run
export bin seconds
printf '%s\n' "${targets[@]}" | xargs -P "$(nproc)" -I{} bash -c 'run {}'
