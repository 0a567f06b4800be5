#!/usr/bin/env bash
# Throughput of `corridor batch` on one process and over MPI ranks (engine/distributed/), on the
# quick-win batch by default: 1 process x 1 thread (the reference), 1 process x 2 threads,
# 2 ranks x 1 thread, 2 ranks x 2 threads (oversubscribed on a 2-core machine). Each
# configuration computes the whole batch into a fresh folder; the script prints model runs per
# second (scenario runs computed / wall time of the command, base runs included in the time),
# the speed-up over 1 x 1, the efficiency (speed-up / compute threads), where the time went on
# the MPI runs (prepare, compute, scatter, send, gather, write: the queue's own report) and
# whether every output file is byte-identical to the 1 x 1 run.
#
#   bench/mpi_batch_bench.sh [BATCH.toml]        # run from the repository root, after a build
#   CORRIDOR=build/release/bin/corridor MPIRUN=mpirun bench/mpi_batch_bench.sh
#
# One measurement per configuration, on whatever else the machine is doing: on a shared machine
# repeat it and read the spread before trusting a figure.
set -euo pipefail

batch=${1:-scenarios/brainport-kempen/quick-wins.toml}
bin=${CORRIDOR:-build/release/bin/corridor}
mpirun=${MPIRUN:-mpirun}
[ -x "$bin" ] || { echo "no $bin: build first (cmake --build --preset release)" >&2; exit 2; }
"$bin" --version | grep -q "MPI: no" && { echo "$bin was built without MPI" >&2; exit 2; }
root_flag=()
[ "$(id -u)" -eq 0 ] && root_flag=(--allow-run-as-root)
work=$(mktemp -d /tmp/corridor-mpi-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

echo "batch: $batch"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $("$bin" --version | tail -1)"
printf '%-26s %6s %9s %8s %9s %10s  %s\n' configuration runs "wall s" "runs/s" speed-up efficiency \
  "outputs as 1x1"

ref_rate=""
run() {  # label ranks threads
  local label=$1 ranks=$2 threads=$3 out="$work/$1" log="$work/$1.log"
  if [ "$ranks" -eq 1 ]; then
    "$bin" batch "$batch" --out "$out" --threads "$threads" --quiet >"$log" 2>&1
  else
    "$mpirun" "${root_flag[@]}" --oversubscribe --bind-to none -np "$ranks" \
      "$bin" batch "$batch" --out "$out" --threads "$threads" >"$log" 2>&1
  fi
  local line runs wall rate speedup eff same
  line=$(grep -E '^[0-9]+ scenarios? \(' "$log")
  runs=$(sed -E 's/.*\(([0-9]+) computed.*/\1/' <<<"$line")
  wall=$(sed -E 's/.* in ([0-9.]+) s;.*/\1/' <<<"$line")
  rate=$(awk -v n="$runs" -v t="$wall" 'BEGIN { printf "%.3f", n / t }')
  [ -z "$ref_rate" ] && ref_rate=$rate
  speedup=$(awk -v r="$rate" -v q="$ref_rate" 'BEGIN { printf "%.2f", r / q }')
  eff=$(awk -v s="$speedup" -v c="$((ranks * threads))" 'BEGIN { printf "%.0f%%", 100 * s / c }')
  if [ "$label" = 1x1 ]; then
    same="(reference)"
  elif diff -r -q "$work/1x1" "$out" >/dev/null; then
    same="identical"
  else
    same="DIFFERENT"
  fi
  printf '%-26s %6s %9s %8s %9s %10s  %s\n' "$label ($ranks x $threads)" "$runs" "$wall" "$rate" \
    "$speedup" "$eff" "$same"
}

run 1x1 1 1
run 1x2 1 2
run 2x1 2 1
run 2x2 2 2

for label in 2x1 2x2; do
  echo
  echo "where the time went, $label (seconds; compute summed over tasks running at once):"
  sed -n '/^MPI: /,$p' "$work/$label.log"
done
