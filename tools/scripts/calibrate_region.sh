#!/usr/bin/env bash
# Re-runs the calibration of a region model and adopts it as the base, reproducibly:
#   1. `corridor calibrate REGION --out OUT` (the parameters of REGION/calibration.toml fitted to
#      the calibration rows of REGION/observed/; terminal output kept in OUT/calibrate.log);
#   2. tools/scripts/adopt_calibration.py writes the estimates into REGION/demand.toml in place
#      (comments kept; each changed line and a block at the top say when and from which run);
#   3. `corridor batch REGION/quick-wins.toml` (when present) writes OUT/batch/base/validation.csv
#      with the adopted base;
#   4. tools/scripts/model_validation_tables.py regenerates the tables of docs/model-validation.md
#      from OUT/calibration.csv, OUT/parameters.csv and the batch's validation.csv.
# Run it after any change to the model structure, observed/ or calibration.toml, then commit
# demand.toml and docs/model-validation.md together.
# Usage: tools/scripts/calibrate_region.sh [REGION] [OUT] [THREADS]
#        (defaults: scenarios/brainport-kempen, a fresh temporary folder, 2)
# Env:   CORRIDOR=path/to/corridor (default build/release/bin/corridor), DOCS=docs/model-validation.md
#        ADOPT=0 to calibrate and write the tables without changing demand.toml.
set -euo pipefail
region=${1:-scenarios/brainport-kempen}
out=${2:-$(mktemp -d)}
threads=${3:-2}
here=$(cd "$(dirname "$0")" && pwd)
corridor=${CORRIDOR:-build/release/bin/corridor}
docs=${DOCS:-docs/model-validation.md}
mkdir -p "$out"
"$corridor" calibrate "$region" --out "$out" --threads "$threads" | tee "$out/calibrate.log"
if [[ "${ADOPT:-1}" != 0 ]]; then
  python3 "$here/adopt_calibration.py" "$region" "$out" "$out/calibrate.log" \
    --date "$(date -u +%F)"
fi
validation=""
if [[ -f "$region/quick-wins.toml" ]]; then
  "$corridor" batch "$region/quick-wins.toml" --out "$out/batch" --threads "$threads" >/dev/null
  validation="$out/batch/base/validation.csv"
fi
python3 "$here/model_validation_tables.py" "$out" "$docs" ${validation:+--validation "$validation"} \
  --command "tools/scripts/calibrate_region.sh $region OUT $threads"
echo "calibration outputs in $out; demand.toml and $docs updated" >&2
