#!/usr/bin/env bash
# After the test suite: no process running this checkout's activetune binaries may be left (a leaked test daemon
# keeps training at full CPU). Kills any it finds and fails, naming them, so a leak cannot go unnoticed.
set -euo pipefail
build=$(cd "$(dirname "$0")/.." && pwd)/.build
leftovers=()
for exe in /proc/[0-9]*/exe; do
  target=$(readlink "$exe" 2>/dev/null) || continue
  case $target in
    "$build"/*/activetune|"$build"/*/CheckpointCrashChild) leftovers+=("${exe//[^0-9]/}") ;;
  esac
done
((${#leftovers[@]})) || exit 0
echo "check-test-leftovers: the tests left ${#leftovers[@]} process(es) running; killing them:" >&2
for pid in "${leftovers[@]}"; do
  echo "  $pid: $(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null)" >&2
  kill -KILL "$pid" 2>/dev/null || true
done
exit 1
