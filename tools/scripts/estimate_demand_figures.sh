#!/usr/bin/env bash
# Reproduces the estimate-demand figures of docs/matrix-estimation.md: for SiouxFalls and
# Chicago-Sketch, counts on a third of the links from the best-known flows and a prior distorted
# by x U(0.6, 1.4) (tools/scripts/estimation_test_data.py, seed 12), then `corridor
# estimate-demand` on 1 and 2 threads (default --prior-weight 0.1) and, on 1 thread, with
# --prior-weight 0 and 1. One table row per run: RMSE on the counted links and share GEH < 5
# before/after (from the summary), RMSE on the uncounted links against the best-known flows
# before/after (prior and estimate re-assigned with `corridor assign --algorithm b --gap 1e-10`),
# iterations, seconds, matrix movement.
# Usage: tools/scripts/estimate_demand_figures.sh [BUILD_DIR] [DATA_DIR] [OUT_DIR]
set -euo pipefail
build=${1:-build/release}
data=${2:-${CORRIDOR_DATA_DIR:-../shared/data}}/tntp
out=${3:-$(mktemp -d)}
here=$(cd "$(dirname "$0")" && pwd)
corridor="$build/bin/corridor"
notes=""
printf '| instance | counts | ρ | threads | RMSE counted before → after | GEH<5 before → after | RMSE uncounted before → after | iterations | estimation s | wall s | matrix total before → after | cell factor p5 / p50 / p95 |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|---|\n'
uncounted_rmse() {  # net trips counts flow_file
  local flows
  flows=$(mktemp)
  "$corridor" assign --algorithm b --gap 1e-10 --network "$1" --trips "$2" --flows-out "$flows" \
    >/dev/null
  python3 - "$flows" "$3" "$4" <<'PY'
import csv, math, sys
flows, counts, best = sys.argv[1:]
counted = {(r["from_node"], r["to_node"]) for r in csv.DictReader(open(counts))}
truth = {}
for line in open(best):
    p = line.replace(";", " ").split()
    if len(p) >= 3 and p[0].isdigit():
        truth[(p[0], p[1])] = float(p[2])
sq = [(float(r["flow"]) - truth[(r["from_node"], r["to_node"])]) ** 2
      for r in csv.DictReader(open(flows)) if (r["from_node"], r["to_node"]) not in counted]
print("%.1f" % math.sqrt(sum(sq) / len(sq)))
PY
  rm -f "$flows"
}
for inst in SiouxFalls:SiouxFalls Chicago-Sketch:ChicagoSketch; do
  dir=${inst%%:*} stem=${inst##*:}
  work="$out/$dir"
  net="$data/$dir/${stem}_net.tntp"
  python3 "$here/estimation_test_data.py" "$data/$dir" "$stem" "$work" --seed 12 >/dev/null
  before=$(uncounted_rmse "$net" "$work/prior_trips.tntp" "$work/counts.csv" "$data/$dir/${stem}_flow.tntp")
  for run in 0.1:1 0.1:2 0:1 1:1; do
    rho=${run%%:*} threads=${run##*:} tag="rho$rho-t${run##*:}"
    start=$(date +%s.%N)
    "$corridor" estimate-demand --network "$net" --trips "$work/prior_trips.tntp" \
      --counts "$work/counts.csv" --trips-out "$work/estimate-$tag.tntp" \
      --summary-json "$work/summary-$tag.json" --threads "$threads" --prior-weight "$rho" >/dev/null
    end=$(date +%s.%N)
    after=$(uncounted_rmse "$net" "$work/estimate-$tag.tntp" "$work/counts.csv" "$data/$dir/${stem}_flow.tntp")
    python3 - "$dir" "$rho" "$threads" "$work/summary-$tag.json" "$start" "$end" "$before" "$after" <<'PY'
import json, sys
name, rho, threads, path, start, end, before, after = sys.argv[1:]
j = json.load(open(path))
f = j["matrix_movement"]["cell_factor"]
print("| %s | %d | %s | %s | %.1f → %.1f | %.1f %% → %.1f %% | %s → %s | %d | %.2f | %.2f | %.0f → %.0f | %.3f / %.3f / %.3f |" % (
    name, j["counts"], rho, threads, j["rmse_before"], j["rmse_after"],
    100 * j["geh_below_5_share_before"], 100 * j["geh_below_5_share_after"], before, after,
    j["iterations"], j["seconds"], float(end) - float(start), j["matrix_total_before"],
    j["matrix_total_after"], f["p5"], f["p50"], f["p95"]))
PY
  done
  if cmp -s "$work/estimate-rho0.1-t1.tntp" "$work/estimate-rho0.1-t2.tntp"; then
    notes+="$dir: the estimates on 1 and 2 threads are byte-identical. "
  else
    notes+="$dir: the estimates on 1 and 2 threads DIFFER. "
  fi
done
printf '\n%s\n' "$notes"
