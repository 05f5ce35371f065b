#!/usr/bin/env bash
# Sets up, builds (release) and runs the main job: the IGMC sync server on an embedded SQLite store
# with demo data (a partner, a site, an assessment assigned to a demo inspector) and a fresh inspector
# enrollment code; where a display exists, also the field app, enrolled against it.
# Ctrl-C (or SIGTERM) drains and stops the server.
#   bash deploy/run.sh [--listen 127.0.0.1:8080] [--data DIR] [--no-app]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
listen="127.0.0.1:8080"
data="${IGMC_DATA:-$root/build/demo-data}"
app=auto
while [ $# -gt 0 ]; do
  case "$1" in
    --listen) listen="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    --no-app) app=no; shift ;;
    *) echo "usage: deploy/run.sh [--listen ADDR:PORT] [--data DIR] [--no-app]" >&2; exit 2 ;;
  esac
done
if [ "$app" = auto ]; then
  if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then app=yes; else app=no; fi
fi

bash "$root/deploy/setup.sh"
cd "$root"
cmake --preset release >/dev/null
targets=(igmc igmc-server)
[ "$app" = yes ] && targets+=(igmc-field)
cmake --build --preset release --target "${targets[@]}"

bin="$root/build/release"
echo
echo "== The demo assessment, scored under the reference city catalog =="
"$bin/server/igmc" score --catalog "$root/shared/catalog/data/igmc-3.0-city.json" \
  --values "$root/shared/catalog/examples/tianjin-eco-city.values.json" --top 5 | sed -n '1,4p;/^Total:/,$p'
echo
echo "== igmc-server on http://$listen (data in $data) =="
"$bin/server/igmc-server" --data "$data" --listen "$listen" --demo &
server=$!
trap 'kill -TERM "$server" 2>/dev/null; wait "$server"' INT TERM
for _ in $(seq 1 100); do
  curl -sf "http://$listen/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
code="$(cat "$data/demo-enrollment-code.txt")"
echo "   Inspector enrollment code: $code"
echo "   A headless device:  $bin/server/igmc sync --server http://$listen --store device.sqlite --enroll $code"
echo "   Admin code:         $data/admin-enrollment-code.txt  (igmc admin enroll --server http://$listen --code …)"
if [ "$app" = yes ]; then
  echo "   Starting the field app (data in $root/build/demo-field)…"
  "$bin/client/igmc-field" --data "$root/build/demo-field" --server "http://$listen" --code "$code" &
else
  echo "   No display: the field app is not started (build it with: cmake --build --preset release --target igmc-field)."
fi
wait "$server"
