#!/usr/bin/env bash
# No hardware intrinsics: the oracle checks of tests/NetGen.Portable on .NET 10 x64 with DOTNET_EnableHWIntrinsic=0, so
# that no vector width is accelerated and every SIMD kernel runs on the runtime's software vectors (what a runtime
# without SIMD support does). Added after the activation helpers left sigmoid and ReLU layers of whole 128-bit vectors
# unapplied in exactly this configuration: their 128-bit loops must run whatever the hardware.
set -uo pipefail
exec "$(dirname "$0")/portable-run.sh" leg-nosimd net10.0 linux-x64 env DOTNET_EnableHWIntrinsic=0
