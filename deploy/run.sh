#!/usr/bin/env bash
# Sets up, builds (release) and runs the main job: the IGMC sync server on an embedded SQLite store
# with demo data (a partner, a site, an assessment assigned to a demo inspector) and a fresh inspector
# enrollment code printed for the field app. Ctrl-C (or SIGTERM) drains and stops it.
#   bash deploy/run.sh [--listen 127.0.0.1:8080] [--data DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
listen="127.0.0.1:8080"
data="${IGMC_DATA:-$root/build/demo-data}"
while [ $# -gt 0 ]; do
  case "$1" in
    --listen) listen="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    *) echo "usage: deploy/run.sh [--listen ADDR:PORT] [--data DIR]" >&2; exit 2 ;;
  esac
done

bash "$root/deploy/setup.sh"
cd "$root"
cmake --preset release >/dev/null
cmake --build --preset release --target igmc igmc-server

bin="$root/build/release/server"
echo
echo "== The demo assessment, scored under the reference city catalog =="
"$bin/igmc" score --catalog "$root/shared/catalog/data/igmc-3.0-city.json" \
  --values "$root/shared/catalog/examples/tianjin-eco-city.values.json" --top 5 | sed -n '1,4p;/^Total:/,$p'
echo
echo "== Starting igmc-server on http://$listen (data in $data) =="
echo "   Enroll a device:  $bin/igmc sync --server http://$listen --store device.sqlite --enroll CODE"
echo "   Admin code:       $data/admin-enrollment-code.txt   (then: igmc admin enroll --server http://$listen --code …)"
echo
exec "$bin/igmc-server" --data "$data" --listen "$listen" --demo
