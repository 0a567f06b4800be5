#!/usr/bin/env bash
# The test command: installs the dependencies (Debian packages), builds the release preset with
# warnings as errors, runs the whole GoogleTest suite, checks formatting, then the hardening stage
# (tools/ci-sanitizers.sh): the suite under ASan+UBSan, the parallel paths under ThreadSanitizer
# and each libFuzzer target for 40 s. CORRIDOR_SKIP_SANITIZERS=1 stops after the release tests.
#   tools/test.sh            # as root on a fresh Debian 12 machine (uses sudo otherwise)
# CORRIDOR_DATA_DIR points the data-dependent tests to the shared TNTP data (default ../shared/data).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)"
ctest --preset release -j"$(nproc)" --timeout 900
tools/check-format.sh
[ "${CORRIDOR_SKIP_SANITIZERS:-0}" = 1 ] || tools/ci-sanitizers.sh
