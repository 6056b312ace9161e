#!/usr/bin/env bash
# `make run`: the embedded default, end to end, in the foreground.
# Creates the default model in ./state if there is none, submits examples/tasks on the first run,
# then runs the daemon on ./spool until Ctrl-C (SIGINT/SIGTERM end it gracefully).
set -euo pipefail
bin=$1 spool=$2 state=$3
mkdir -p "$spool" "$state"
if [ ! -e "$state/checkpoints/active" ]; then
  "$bin" init --state "$state"
fi
if [ ! -e "$state/.examples-submitted" ]; then
  "$bin" submit --spool "$spool" examples/tasks/*.json
  touch "$state/.examples-submitted"
fi
echo "activetune: daemon on $spool (state in $state); drop task files into $spool, Ctrl-C to stop"
exec "$bin" daemon --spool "$spool" --state "$state"
