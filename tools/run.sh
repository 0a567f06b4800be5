#!/usr/bin/env bash
# The main job: installs the dependencies (Debian packages), builds the release preset with
# warnings as errors, and runs the quick-win batch on the region model:
#   each quick win alone, every pair and all together (29 runs), ranked by benefit/cost.
#   tools/run.sh                 # as root on a fresh Debian 12 machine (uses sudo otherwise)
#   tools/run.sh --threads 2     # extra arguments go to `corridor batch`
# Outputs: out/quick-wins/ranking.csv, summary.json, scenarios/<name>/*.csv (see
# docs/comparing-quick-wins.md). A rerun reuses the scenarios already finished.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)" --target corridor
build/release/bin/corridor batch scenarios/brainport-kempen/quick-wins.toml --out out/quick-wins "$@"
