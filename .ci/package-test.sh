#!/usr/bin/env bash
# Proves the NuGet package itself works: packs src/NetGen into artifacts/local-feed under a version unique to this
# run (so that no copy cached by an earlier run is used), checks what the package holds, then builds and runs
# samples/PackageConsumer from that folder alone, publishes it as Native AOT, and runs the binary.
# Prints the binary's size and its start-to-exit time. Exits non-zero on any failure.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
feed="$root/artifacts/local-feed"
consumer="$root/samples/PackageConsumer"
version="0.1.0-local.$(date -u +%Y%m%d%H%M%S)"
fail() { printf '\nPACKAGE TEST FAILED: %s\n' "$*"; exit 1; }

rm -rf "$feed" && mkdir -p "$feed"
dotnet pack "$root/src/NetGen/NetGen.csproj" -c Release -o "$feed" -p:Version="$version" || fail "dotnet pack"
package="$feed/NetGen.$version.nupkg"
[ -f "$package" ] || fail "no $package"

contents=$(unzip -Z1 "$package")
for expected in analyzers/dotnet/cs/NetGen.Generator.dll ref/netstandard2.0/NetGen.Attributes.dll ref/netstandard2.0/NetGen.Attributes.xml \
    build/NetGen.targets buildTransitive/NetGen.targets README.md LICENSE; do
  grep -qx "$expected" <<<"$contents" || fail "the package lacks $expected"
done
if grep -q '^lib/' <<<"$contents"; then fail "the package has a lib/ folder: consumers would get a run-time dependency"; fi
if unzip -p "$package" NetGen.nuspec | grep -q '<dependency '; then fail "the package declares dependencies"; fi
echo "package: $(basename "$package"), $(wc -c < "$package") bytes: generator under analyzers/dotnet/cs, attributes under ref/ only, the ONNX build step under build/ and buildTransitive/"

dotnet run --project "$consumer" -c Release -p:NetGenVersion="$version" || fail "dotnet run of the consumer"

# NETGEN023 through the package's build step, which makes PublishAot, IlcInstructionSet and the runtime identifier visible
# to the generator: without the project's IlcInstructionSet, the x64 build warns once, naming the SIMD network only.
netgen023_log=$(mktemp)
dotnet build "$consumer" -c Release -r linux-x64 -p:NetGenVersion="$version" -p:IlcInstructionSet= -p:TreatWarningsAsErrors=false \
  --no-incremental -o "$(mktemp -d)" >"$netgen023_log" 2>&1 || { cat "$netgen023_log"; fail "the build without IlcInstructionSet"; }
grep -q "warning NETGEN023: .*linux-x64 .*the SIMD code of 'DeepNet' then" "$netgen023_log" \
  || { grep -i 'netgen\|warn' "$netgen023_log"; fail "no NETGEN023 naming DeepNet in the build without IlcInstructionSet"; }
if grep "warning NETGEN023" "$netgen023_log" | grep -q "XorNet\|Compiled"; then fail "NETGEN023 named an unrolled network"; fi
echo "NETGEN023: the build without IlcInstructionSet warns for DeepNet only"
rm -f "$netgen023_log"

out=$(mktemp -d)
publish_log=$(mktemp)
trap 'rm -rf "$out" "$publish_log"' EXIT
if ! dotnet publish "$consumer" -c Release -r linux-x64 -p:NetGenVersion="$version" -o "$out" 2>&1 | tee "$publish_log"; then
  fail "Native AOT publish"
fi
# Trimming and AOT analysis warnings (IL2xxx, IL3xxx) over the generated code of the consumer's three networks.
if grep -Eq 'warning IL[23][0-9]{3}' "$publish_log"; then
  grep -E 'warning IL[23][0-9]{3}' "$publish_log"; fail "Native AOT publish gave trimming or AOT warnings"
fi
if grep -q 'NETGEN023' "$publish_log"; then fail "NETGEN023 in the publish, which sets IlcInstructionSet"; fi
binary="$out/PackageConsumer"
[ -x "$binary" ] || fail "no native binary at $binary"
if ls "$out" | grep -qi '^NetGen'; then fail "the published app carries a NetGen assembly"; fi
start=$(date +%s%N)
"$binary" || fail "the Native AOT binary"
end=$(date +%s%N)
echo "native AOT binary: $(wc -c < "$binary") bytes, ran in $(( (end - start) / 1000000 )) ms (start to exit, training included)"
