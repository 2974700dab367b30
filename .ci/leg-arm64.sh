#!/usr/bin/env bash
# The ARM64 leg (issue 15's support matrix): the oracle checks of tests/NetGen.Portable published self-contained for
# linux-arm64 (.NET 10) and run under qemu's user-mode emulator. On ARM64 .NET accelerates Vector128 (AdvSimd) only,
# so the SIMD networks run their 128-bit kernels. Installs from Debian what it lacks: qemu-user-static, and the ARM64
# C and C++ runtimes the .NET host loads (libc6-arm64-cross, libstdc++6-arm64-cross, under /usr/aarch64-linux-gnu).
set -uo pipefail
fail() { printf '\nleg-arm64 FAILED: %s\n' "$*"; exit 1; }

prefix=/usr/aarch64-linux-gnu
need=()
command -v qemu-aarch64-static >/dev/null 2>&1 || command -v qemu-aarch64 >/dev/null 2>&1 || need+=(qemu-user-static)
[ -e "$prefix/lib/ld-linux-aarch64.so.1" ] || need+=(libc6-arm64-cross)
[ -e "$prefix/lib/libstdc++.so.6" ] || need+=(libstdc++6-arm64-cross)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing from Debian: ${need[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >/dev/null || fail "apt-get update"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null || fail "apt-get install ${need[*]}"
fi
qemu=$(command -v qemu-aarch64-static || command -v qemu-aarch64) || fail "no qemu-aarch64 after installing qemu-user-static"
echo "$("$qemu" --version | head -n 1)"

export QEMU_LD_PREFIX=$prefix DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
# With dynamic code on, System.Text.Json reads the golden vectors through property setters it emits at run time, and
# under this qemu on the AVX-512 machine of 5 Dec 2026 those calls went wrong (InvalidCastException in "NameSetter",
# the same at 04b82c6, which passed on the AVX2 machine the day before, and with QEMU_CPU=cortex-a72). Without dynamic
# code it uses plain reflection and every check passes. The generated networks use no dynamic code either way.
export PORTABLE_PUBLISH_EXTRA="-p:DynamicCodeSupport=false"
exec "$(dirname "$0")/portable-run.sh" leg-arm64 net10.0 linux-arm64 "$qemu"
