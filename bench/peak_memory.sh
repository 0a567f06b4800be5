#!/usr/bin/env bash
# Peak resident memory (max RSS, `/usr/bin/time -f %M`, KB; the smallest of REPEAT runs) of
# `corridor --version` and of `corridor assign --algorithm b --gap 1e-10 --threads 1` on
# SiouxFalls, Winnipeg and Chicago-Sketch (generalized cost: --toll-factor 0.02
# --distance-factor 0.04), next to the same for tap-b's serial build when TAPB names its `tap`
# (github.com/spartalab/tap-b; it reads a parameters file and prefixes its file names with net/:
# the script writes both into a temporary folder). tap-b reads Chicago-Sketch's generalized cost
# from its net file's header (<TOLL FACTOR> 0.02, <DISTANCE FACTOR> 0.04, as in the copy in tap-b's
# repository): TAPB_DATA names a folder of instances with that header (default: the same files).
# With HEAP=1 (needs valgrind) each case also gets its peak heap (valgrind massif's largest
# mem_heap_B + mem_heap_extra_B, KB: the program's data with the allocator's overhead, without the
# process baseline of shared libraries and code).
# docs/solver-benchmark.md "Peak memory" keeps the figures and where the memory goes.
#
#   bench/peak_memory.sh                         # run from the repository root, after a build
#   CORRIDOR=/path/to/other/corridor TAPB=/path/to/tap-b/serial/bin/tap TAPB_DATA=/path/to/instances \
#     REPEAT=5 HEAP=1 bench/peak_memory.sh
set -euo pipefail

bin=${CORRIDOR:-build/release/bin/corridor}
data=${CORRIDOR_DATA_DIR:-../shared/data}/tntp
repeat=${REPEAT:-3}
[ -x "$bin" ] || { echo "no $bin: build first (cmake --build --preset release)" >&2; exit 2; }
[ -d "$data/SiouxFalls" ] || { echo "no TNTP instances in $data (set CORRIDOR_DATA_DIR)" >&2; exit 2; }

peak() {  # smallest peak RSS in KB of `repeat` runs of "$@"
  local best=
  for ((i = 0; i < repeat; ++i)); do
    local kb
    kb=$(/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1)
    [[ -z $best || $kb -lt $best ]] && best=$kb
  done
  echo "$best"
}

heap() {  # peak heap in KB of one run of "$@" under valgrind massif, or - without HEAP=1
  [[ ${HEAP:-0} == 1 ]] || { echo -; return; }
  local out="$work/massif.$RANDOM"
  valgrind --tool=massif --massif-out-file="$out" "$@" >/dev/null 2>&1
  awk -F= '/^mem_heap_B=/ { h = $2 } /^mem_heap_extra_B=/ { if (h + $2 > m) m = h + $2 }
    END { printf "%d\n", m / 1024 }' "$out"
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ln -s "$(realpath "${TAPB_DATA:-$data}")" "$work/net"

printf '%-16s %12s %12s %12s %12s\n' case corridor_kb tap-b_kb corridor_heap tap-b_heap
printf '%-16s %12s %12s %12s %12s\n' version "$(peak "$bin" --version)" - "$(heap "$bin" --version)" -
for spec in SiouxFalls:SiouxFalls: Winnipeg:Winnipeg: \
  "Chicago-Sketch:ChicagoSketch:--toll-factor 0.02 --distance-factor 0.04"; do
  IFS=: read -r dir stem extra <<<"$spec"
  # shellcheck disable=SC2206  # $extra is a list of options
  run=("$bin" assign --algorithm b --network "$data/$dir/${stem}_net.tntp"
    --trips "$data/$dir/${stem}_trips.tntp" --gap 1e-10 --threads 1 $extra)
  ours=$(peak "${run[@]}")
  ours_heap=$(heap "${run[@]}")
  theirs=-
  theirs_heap=-
  if [[ -n ${TAPB:-} ]]; then
    printf '<NETWORK FILE> %s\n<TRIPS FILE> %s\n<CONVERGENCE GAP> 1e-10\n' \
      "$dir/${stem}_net.tntp" "$dir/${stem}_trips.tntp" >"$work/$dir.txt"
    theirs=$(cd "$work" && peak "$TAPB" "$dir.txt")
    theirs_heap=$(cd "$work" && heap "$TAPB" "$dir.txt")
  fi
  printf '%-16s %12s %12s %12s %12s\n' "$dir" "$ours" "$theirs" "$ours_heap" "$theirs_heap"
done
