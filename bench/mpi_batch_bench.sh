#!/usr/bin/env bash
# Throughput of `corridor batch` on one process and over MPI ranks (engine/distributed/), on the
# quick-win batch by default: 1 process x 1 thread (the reference), 1 process x 2 threads,
# 2 ranks x 1 thread, 2 ranks x 2 threads (oversubscribed on a 2-core machine). Each
# configuration computes the whole batch into a fresh folder; the script prints model runs per
# second (scenario runs computed / wall time of the command, base runs included in the time),
# the speed-up over the reference (the first configuration, 1 x 1 by default), the efficiency
# (speed-up x the reference's compute threads / compute threads), where the time went on
# the MPI runs (prepare, compute, scatter, send, gather, write: the queue's own report) and
# whether every output file is byte-identical to the 1 x 1 run.
#
# With DRAWS=N every command adds `--draws N` (the batch's uncertainty draws after its runs; under
# MPI a second queue round, one task per draw): model runs then count the scenario runs and every
# draw's base and scenario runs, and the time covers both.
#
#   bench/mpi_batch_bench.sh [BATCH.toml]        # run from the repository root, after a build
#   CORRIDOR=build/release/bin/corridor MPIRUN=mpirun bench/mpi_batch_bench.sh
#   DRAWS=8 CONFIGS="1x2 2x1 2x2" REPEAT=3 bench/mpi_batch_bench.sh   # medians of 3, ref 1x2
#
# CONFIGS lists RANKSxTHREADS (the first is the reference for speed-up and identical outputs);
# REPEAT runs each that many times into fresh folders and reports the median wall time (and the
# queue's report of the median run). On a shared machine read the spread (min-max) too.
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

draws=${DRAWS:-0}
configs=${CONFIGS:-1x1 1x2 2x1 2x2}
repeat=${REPEAT:-1}
draw_flag=()
[ "$draws" -gt 0 ] && draw_flag=(--draws "$draws")

echo "batch: $batch${draw_flag[*]:+ ${draw_flag[*]}}, median of $repeat"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $("$bin" --version | tail -1)"
ref=${configs%% *}
printf '%-26s %6s %9s %13s %8s %9s %10s  %s\n' configuration runs "wall s" "(min-max)" "runs/s" \
  speed-up efficiency "outputs as $ref"

ref_rate=""
ref_threads=1
median_run=()
run() {  # label: RANKSxTHREADS
  local label=$1 ranks=${1%x*} threads=${1#*x} i walls=() runs=0 same="identical"
  for ((i = 1; i <= repeat; i++)); do
    local out="$work/$label-$i" log="$work/$label-$i.log"
    if [ "$ranks" -eq 1 ]; then
      "$bin" batch "$batch" --out "$out" --threads "$threads" "${draw_flag[@]}" >"$log" 2>&1
    else
      "$mpirun" "${root_flag[@]}" --oversubscribe --bind-to none -np "$ranks" \
        "$bin" batch "$batch" --out "$out" --threads "$threads" "${draw_flag[@]}" >"$log" 2>&1
    fi
    local line scen draw_runs
    line=$(grep -E '^[0-9]+ scenarios? \(' "$log")
    scen=$(sed -E 's/.*\(([0-9]+) computed.*/\1/' <<<"$line")
    draw_runs=0
    if [ "$draws" -gt 0 ]; then
      draw_runs=$(grep -E '^[0-9]+ draws \(' "$log" | sed -E 's/.*reused, ([0-9]+) model runs.*/\1/')
    fi
    runs=$((scen + draw_runs))
    walls+=("$(sed -E 's/.* in ([0-9.]+) s;.*/\1/' <<<"$line") $i")
    if [ "$label-$i" != "$ref-1" ] && ! diff -r -q "$work/$ref-1" "$out" >/dev/null; then
      same="DIFFERENT"
    fi
  done
  local sorted median min max rate speedup eff
  sorted=$(printf '%s\n' "${walls[@]}" | sort -n)
  median=$(sed -n "$(((repeat + 1) / 2))p" <<<"$sorted")
  min=$(head -1 <<<"$sorted" | cut -d' ' -f1)
  max=$(tail -1 <<<"$sorted" | cut -d' ' -f1)
  median_run+=("$label-${median#* }")
  median=${median% *}
  rate=$(awk -v n="$runs" -v t="$median" 'BEGIN { printf "%.3f", n / t }')
  [ -z "$ref_rate" ] && ref_rate=$rate && ref_threads=$((ranks * threads))
  speedup=$(awk -v r="$rate" -v q="$ref_rate" 'BEGIN { printf "%.2f", r / q }')
  # Efficiency against the reference's compute threads: speed-up x ref threads / threads.
  eff=$(awk -v s="$speedup" -v c="$((ranks * threads))" -v r="$ref_threads" \
    'BEGIN { printf "%.0f%%", 100 * s * r / c }')
  [ "$label" = "$ref" ] && [ "$repeat" -eq 1 ] && same="(reference)"
  printf '%-26s %6s %9s %13s %8s %9s %10s  %s\n' "$label ($ranks x $threads)" "$runs" "$median" \
    "($min-$max)" "$rate" "$speedup" "$eff" "$same"
}

for c in $configs; do run "$c"; done

for r in "${median_run[@]}"; do
  [ "${r%%x*}" -eq 1 ] && continue
  echo
  echo "where the time went, ${r%-*} (median run; seconds; compute summed over tasks running at once):"
  sed -n '/^MPI/,$p' "$work/$r.log" | grep -v -E '^[0-9]+ draws \('
done
