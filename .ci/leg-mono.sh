#!/usr/bin/env bash
# The Mono leg (issue 15's support matrix): tests/NetGen.Mono, a .NET Framework 4.8 console in C# 9 declaring the 46
# networks of tests/NetGen.Portable (unrolled, and Kernels.Simd, which gets the portable kernels there: no
# System.Runtime.Intrinsics), built with warnings as errors and run by Debian's mono-runtime, the runtime family Unity
# uses. Its checks: the code is portable, Forward against a naive oracle, Backward against central differences,
# ForwardBatch/TrainBatch/TrainSample bit for bit against the per-sample calls, the weight file's round trip and a
# corrupted byte refused, and on the 36 networks with a golden case the golden vectors (tests/NetGen.Tests/Golden, embedded
# in the program and read by its own JSON reader): outputs, batch loss, gradient and the SGD steps, within the tolerances
# of the .NET 8 and arm64 legs. 466 checks. Installs mono-runtime from Debian when missing. 40 s to a minute: build 38 s
# and run 2 s on 2 shared cores on 5 Dec 2026 (build 40-60 s before); the first install of mono-runtime adds about a
# minute. The speed comparison is not part of the leg: NetGen.Mono.exe --speed (README, "Speed on Mono").
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
fail() { printf '\nleg-mono FAILED: %s\n' "$*"; exit 1; }

if ! command -v mono >/dev/null 2>&1; then
  echo "installing from Debian: mono-runtime"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >/dev/null || fail "apt-get update"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends mono-runtime >/dev/null || fail "apt-get install mono-runtime"
fi
mono --version | head -n 1

out=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$out" "$log"' EXIT

start=$SECONDS
dotnet build "$root/tests/NetGen.Mono/NetGen.Mono.csproj" -c Release -o "$out" >"$log" 2>&1 \
  || { cat "$log"; fail "dotnet build tests/NetGen.Mono (net48, C# 9, warnings as errors)"; }
built=$((SECONDS - start))

start=$SECONDS
( cd "$out" && mono ./NetGen.Mono.exe ) 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
ran=$((SECONDS - start))

echo "leg-mono: build ${built} s, run ${ran} s"
total=$(grep -E '^NetGen.Portable total on .*: [0-9]+ checks passed, [0-9]+ failed$' "$log" | tail -n 1)
[ -n "$total" ] || fail "the program printed no total line (exit status $status)"
[ "$status" -eq 0 ] || fail "the program exited with $status: $total"
