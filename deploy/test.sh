#!/usr/bin/env bash
# Sets up, builds and runs every test: `bash deploy/test.sh [--preset ci|dev|asan|release]`.
# Default preset: ci (warnings as errors). Exits non-zero on any build or test failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
preset=ci
while [ $# -gt 0 ]; do
  case "$1" in
    --preset) preset="$2"; shift 2 ;;
    --preset=*) preset="${1#--preset=}"; shift ;;
    *) echo "usage: deploy/test.sh [--preset ci|dev|asan|release]" >&2; exit 2 ;;
  esac
done

bash "$root/deploy/setup.sh"
cd "$root"
cmake --preset "$preset"
cmake --build --preset "$preset"
export QT_QPA_PLATFORM=offscreen
ctest --preset "$preset" --output-on-failure --timeout 600
