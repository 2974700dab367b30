#!/usr/bin/env bash
# Builds and runs the C reference for 784-128-64-10 (ReLU hidden layers, softmax outputs, float, one sample per call):
# prints ns per forward pass and per online SGD step (L2 on weights only, loss computed), best of 7.
# Usage: run-deep-reference.sh [extra gcc flags]   (default flags: -O3 -march=native -ffast-math)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
gcc -O3 -march=native -ffast-math "$@" -o "$out/deep_reference" "$here/deep_reference.c" -lm
"$out/deep_reference"
