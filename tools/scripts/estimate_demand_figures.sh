#!/usr/bin/env bash
# Reproduces the estimate-demand figures of docs/matrix-estimation.md: for SiouxFalls and
# Chicago-Sketch, counts on a third of the links from the best-known flows and a prior distorted
# by x U(0.6, 1.4) (tools/scripts/estimation_test_data.py, seed 12), then `corridor
# estimate-demand` with the defaults on 1 and 2 threads; prints one table row per run (RMSE and
# share GEH < 5 before/after, iterations, seconds of the estimation, wall seconds).
# Usage: tools/scripts/estimate_demand_figures.sh [BUILD_DIR] [DATA_DIR] [OUT_DIR]
set -euo pipefail
build=${1:-build/release}
data=${2:-${CORRIDOR_DATA_DIR:-../shared/data}}/tntp
out=${3:-$(mktemp -d)}
here=$(cd "$(dirname "$0")" && pwd)
corridor="$build/bin/corridor"
printf '| instance | counts | threads | RMSE before | RMSE after | GEH<5 before | GEH<5 after | iterations | estimation s | wall s | matrix total before → after | cell factor p5 / p50 / p95 |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|---|\n'
for inst in SiouxFalls:SiouxFalls Chicago-Sketch:ChicagoSketch; do
  dir=${inst%%:*} stem=${inst##*:}
  work="$out/$dir"
  python3 "$here/estimation_test_data.py" "$data/$dir" "$stem" "$work" --seed 12 >/dev/null
  for threads in 1 2; do
    start=$(date +%s.%N)
    "$corridor" estimate-demand --network "$data/$dir/${stem}_net.tntp" \
      --trips "$work/prior_trips.tntp" --counts "$work/counts.csv" \
      --trips-out "$work/estimate-$threads.tntp" --summary-json "$work/summary-$threads.json" \
      --threads "$threads" >/dev/null
    end=$(date +%s.%N)
    python3 - "$dir" "$threads" "$work/summary-$threads.json" "$start" "$end" <<'PY'
import json, sys
name, threads, path, start, end = sys.argv[1:]
j = json.load(open(path))
f = j["matrix_movement"]["cell_factor"]
print("| %s | %d | %s | %.1f | %.1f | %.1f %% | %.1f %% | %d | %.2f | %.2f | %.0f → %.0f | %.3f / %.3f / %.3f |" % (
    name, j["counts"], threads, j["rmse_before"], j["rmse_after"],
    100 * j["geh_below_5_share_before"], 100 * j["geh_below_5_share_after"], j["iterations"],
    j["seconds"], float(end) - float(start), j["matrix_total_before"], j["matrix_total_after"],
    f["p5"], f["p50"], f["p95"]))
PY
  done
  cmp -s "$work/estimate-1.tntp" "$work/estimate-2.tntp" && echo "($dir: estimates on 1 and 2 threads byte-identical)" || echo "($dir: estimates DIFFER between 1 and 2 threads)"
done
