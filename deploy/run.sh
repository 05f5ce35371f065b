#!/usr/bin/env bash
# Sets up, builds (release) and runs the main job: scores the shipped demo assessment
# (Sino-Singapore Tianjin Eco-City under the reference city catalog) and prints the report.
# `bash deploy/run.sh [--lang zh]`
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/deploy/setup.sh"
cd "$root"
cmake --preset release >/dev/null
cmake --build --preset release
exec "$root/build/release/server/igmc" score \
  --catalog "$root/shared/catalog/data/igmc-3.0-city.json" \
  --values "$root/shared/catalog/examples/tianjin-eco-city.values.json" "$@"
