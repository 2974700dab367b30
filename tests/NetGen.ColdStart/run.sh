#!/usr/bin/env bash
# Cold-start harness (README.md in this folder): builds tests/NetGen.ColdStart in Release, publishes it as Native AOT
# twice and as composite ReadyToRun once, then runs the parent, which starts a new process for every measurement and
# prints the table.
#   artifacts/cold-start/aot         the default instruction set (x86-64-v2), as `dotnet publish -r linux-x64` gives anyone
#   artifacts/cold-start/aot-v3      -p:IlcInstructionSet=x86-64-v3 (AVX2 and FMA, as the JIT finds on this kind of machine)
#   artifacts/cold-start/r2r-native  self-contained, composite ReadyToRun for this machine's instruction set (JIT runtime)
# Arguments go to the parent: --runs N (default 7), --shapes 2-4-1,784-128-10, --calls forward,train, --warmup-ms N,
# --no-vectors.
# The children's JSON lines and the table are kept in artifacts/cold-start/ under the time of the run.
# Exits non-zero on any failure, a child whose numbers fail its own check included.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out="$root/artifacts/cold-start"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
fail() { printf '\nCOLD START FAILED: %s\n' "$*"; exit 1; }
started=$(date +%s)
mkdir -p "$out"

dotnet build "$here/NetGen.ColdStart.csproj" -c Release -v quiet -nologo || fail "build"

# PublishAot comes from the project file whenever a runtime identifier is given; on the command line it would reach
# the netstandard2.0 generator and attribute projects too (NETSDK1207). The ReadyToRun build passes PublishAot=false,
# which they ignore.
publish() {
  local dir=$1; shift
  local log
  log=$(mktemp)
  if ! dotnet publish "$here/NetGen.ColdStart.csproj" -c Release -r linux-x64 -o "$out/$dir" -nologo "$@" >"$log" 2>&1; then
    cat "$log"; rm -f "$log"; fail "publish into $dir"
  fi
  if grep -Eq 'warning IL[23][0-9]{3}' "$log"; then
    grep -E 'warning IL[23][0-9]{3}' "$log"; rm -f "$log"; fail "publish into $dir gave trimming or AOT warnings"
  fi
  rm -f "$log"
  [ -x "$out/$dir/NetGen.ColdStart" ] || fail "no executable at $out/$dir/NetGen.ColdStart"
  echo "published $out/$dir/NetGen.ColdStart ($(wc -c < "$out/$dir/NetGen.ColdStart") bytes)"
}
publish aot
publish aot-v3 -p:IlcInstructionSet=x86-64-v3
# ReadyToRun for this machine's own instruction set, the framework compiled into the same composite image: the JIT's
# runtime, with the network's and the framework's code compiled ahead of time (README: "ReadyToRun for the machine").
# The ReadyToRun step is incremental and would keep the code compiled for other arguments: its folder goes first.
rm -rf "$here/obj/Release/net10.0/linux-x64/R2R"
publish r2r-native -p:PublishAot=false -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true --self-contained true \
  -p:PublishReadyToRunCrossgen2ExtraArgs=--instruction-set:native
built=$(date +%s)

stamp=$(date -u +%Y%m%d-%H%M%S)
if ! dotnet "$here/bin/Release/net10.0/NetGen.ColdStart.dll" --out "$out/results-$stamp.jsonl" "$@" | tee "$out/table-$stamp.md"; then
  fail "the harness (a child failed, or its numbers failed their check: see above)"
fi
ended=$(date +%s)
echo
echo "run.sh: $((ended - started)) s in all ($((built - started)) s building and publishing); JSON lines in $out/results-$stamp.jsonl"
