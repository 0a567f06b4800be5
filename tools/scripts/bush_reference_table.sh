#!/usr/bin/env bash
# Reproduces the Algorithm B speed/memory table of issue 5: `corridor assign --algorithm b` on the
# reference instances and gaps, wall clock (including reading input), solving seconds and peak RSS
# from /usr/bin/time -v. Usage: tools/scripts/bush_reference_table.sh [BUILD_DIR] [DATA_DIR]
set -euo pipefail
build=${1:-build/release}
data=${2:-${CORRIDOR_DATA_DIR:-../shared/data}}/tntp
corridor="$build/bin/corridor"
printf '| instance | gap | threads | wall s | solving s | user+sys s | peak RSS MB | final gap | objective |\n'
printf '|---|---|---|---|---|---|---|---|---|\n'
run() {  # name gap threads net [extra args]
  local name=$1 gap=$2 threads=$3 net=$4
  shift 4
  local out time
  out=$(mktemp) time=$(mktemp)
  /usr/bin/time -v "$corridor" assign --algorithm b --network "$data/$net" --gap "$gap" \
    --threads "$threads" --max-iterations 500 --summary-json "$out" "$@" >/dev/null 2>"$time"
  python3 - "$name" "$gap" "$threads" "$out" "$time" <<'PY'
import json, re, sys
name, gap, threads, out, time = sys.argv[1:]
j = json.load(open(out)); t = open(time).read()
def field(p):
    return re.search(p, t).group(1)
wall = field(r'Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)')
parts = [float(x) for x in wall.split(':')]
secs = sum(v * 60 ** i for i, v in enumerate(reversed(parts)))
cpu = float(field(r'User time \(seconds\): (\S+)')) + float(field(r'System time \(seconds\): (\S+)'))
rss = int(field(r'Maximum resident set size \(kbytes\): (\d+)')) / 1024
print(f"| {name} | {gap} | {threads} | {secs:.2f} | {j['seconds']:.2f} | {cpu:.2f} | {rss:.0f} | "
      f"{j['relative_gap']:.2e} | {j['objective']:.12g} |")
PY
  rm -f "$out" "$time"
}
chicago=(Chicago-Sketch/ChicagoSketch_net.tntp --toll-factor 0.02 --distance-factor 0.04)
run Chicago-Sketch 1e-6 2 "${chicago[@]}"
run Chicago-Sketch 1e-10 1 "${chicago[@]}"
run Winnipeg 1e-10 1 Winnipeg/Winnipeg_net.tntp
run Barcelona 1e-10 2 Barcelona/Barcelona_net.tntp
run Berlin-Center 1e-4 2 Berlin-Center/berlin-center_net.tntp
run Berlin-Center 1e-6 2 Berlin-Center/berlin-center_net.tntp
run Austin-SDB 1e-4 2 Austin-SDB/Austin-SDB_net.tntp
run Austin-SDB 1e-6 2 Austin-SDB/Austin-SDB_net.tntp
