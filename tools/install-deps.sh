#!/usr/bin/env bash
# Installs everything Corridor needs to build, test and benchmark, from Debian 12 packages only.
# Idempotent: packages already present are skipped quickly. Run as root (or with sudo).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libboost-graph-dev      # CSR road topology (compressed_sparse_row_graph), reference Dijkstra
  libeigen3-dev           # dense OD matrices, Furness/IPF
  libtbb-dev              # oneTBB: parallel origins, scenarios
  libbenchmark-dev        # Google Benchmark (bench/)
  libgtest-dev libgmock-dev  # GoogleTest (tests/)
  libhdf5-dev             # OMX matrices (HDF5)
  libtomlplusplus-dev     # scenario files (TOML)
  libcli11-dev            # the corridor CLI's argument parsing
  nlohmann-json3-dev      # summary JSON output
  zlib1g-dev              # zipped GTFS feeds
  libopenmpi-dev openmpi-bin  # optional MPI: `mpirun -np N corridor batch` over many ranks/nodes
                              # (engine/distributed/); the build works without it
  chromium                # headless browser for the report.html test (tests/report)
  clang-format
  python3                 # tools/scripts (calibration adoption, validation tables) and tests/scripts
  clang libclang-rt-14-dev  # libFuzzer targets and their sanitizer runtimes (tests/fuzz)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
