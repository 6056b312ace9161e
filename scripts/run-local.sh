#!/usr/bin/env bash
# `make run`: the default model, end to end, in the foreground.
# Imports SmolLM2-135M-Instruct (fetched by scripts/setup.sh into .cache/models) into ./state if the state has no
# model (the seeded embedded GPT-2 when the file is missing), submits examples/tasks on the first run,
# then runs the daemon on ./spool until Ctrl-C (SIGINT/SIGTERM end it gracefully).
set -euo pipefail
bin=$1 spool=$2 state=$3
mkdir -p "$spool" "$state"
model=.cache/models/SmolLM2-135M-Instruct.Q4_1.gguf
if [ ! -e "$state/checkpoints/active" ]; then
  if [ -f "$model" ]; then
    "$bin" import --from "$model" --state "$state"
  else
    echo "activetune: $model is missing (run ./scripts/setup.sh); starting from the seeded embedded model instead" >&2
    "$bin" init --state "$state"
  fi
fi
if [ ! -e "$state/.examples-submitted" ]; then
  "$bin" submit --spool "$spool" examples/tasks/*.json
  touch "$state/.examples-submitted"
fi
# The pretrained model is fine-tuned with its own settings (examples/pretrained.toml); the seeded model keeps the defaults.
config=()
if [ -f "$model" ]; then
  config=(--config examples/pretrained.toml)
fi
echo "activetune: daemon on $spool (state in $state); drop task files into $spool, Ctrl-C to stop"
exec "$bin" daemon --spool "$spool" --state "$state" "${config[@]}"
