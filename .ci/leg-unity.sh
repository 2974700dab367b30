#!/usr/bin/env bash
# The Unity leg (issue 15's support matrix): tests/NetGen.Unity, a .NET Standard 2.1 library in C# 9 (Unity's API
# profile and language) declaring nine networks (unrolled, Kernels.Simd, past the unrolling size, double, softmax,
# deep, ReLU, tanh, Momentum and Adam, one nested), built with warnings as errors and XML documentation on. A build, not
# a run (Unity runs on Mono: .ci/leg-mono.sh runs the checks). Then, per network, checks of the generated files: the
# maths file is there, and no file's code (comments aside) names System.Runtime.Intrinsics or a Vector128/256/512, or
# declares a C# 10+ type (file class, record struct). About 40 s on 2 shared cores.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
fail() { printf '\nleg-unity FAILED: %s\n' "$*"; exit 1; }

out=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$out" "$log"' EXIT

start=$SECONDS
dotnet build "$root/tests/NetGen.Unity/NetGen.Unity.csproj" -c Release -o "$out/bin" \
  -p:EmitCompilerGeneratedFiles=true -p:CompilerGeneratedFilesOutputPath="$out/generated" >"$log" 2>&1 \
  || { cat "$log"; fail "dotnet build tests/NetGen.Unity (netstandard2.1, C# 9, warnings as errors)"; }
grep -E ' (warning|error) ' "$log" && fail "the build reported warnings or errors (above)"
built=$((SECONDS - start))

passed=1 failed=0   # the build, warnings as errors
echo "ok    build: netstandard2.1, LangVersion 9, TreatWarningsAsErrors, GenerateDocumentationFile"
check() {
  if eval "$2"; then passed=$((passed + 1)); echo "ok    $1"; else failed=$((failed + 1)); echo "FAIL  $1"; fi
}
networks=$(grep -Eo 'public partial class [A-Za-z]+Net' "$root/tests/NetGen.Unity/Networks.cs" | awk '{ print $4 }')
[ -n "$networks" ] || fail "no networks found in tests/NetGen.Unity/Networks.cs"
for net in $networks; do
  files=$(find "$out/generated" -name "*.$net.Mlp*.g.cs")
  check "$net: its maths file was generated" '[ -n "$(find "$out/generated" -name "*.$net.Mlp.g.cs")" ]'
  check "$net: no generated code names System.Runtime.Intrinsics or Vector128/256/512" '! grep -hv "^ *//" $files | grep -Eq "System\.Runtime\.Intrinsics|Vector(128|256|512)"'
  check "$net: no file class or record struct (C# 10 and 11)" '! grep -Eq "^ *(file static class|public readonly record struct) " $files'
done

echo "leg-unity: build ${built} s"
echo
echo "NetGen.Portable total on netstandard2.1 (NetGen.Unity, C# 9, build only): $passed checks passed, $failed failed"
[ "$failed" -eq 0 ] || fail "$failed checks failed"
