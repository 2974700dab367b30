#!/usr/bin/env bash
# Shared by the legs: publishes tests/NetGen.Portable self-contained for one target framework and runtime identifier
# (that framework alone: -p:PortableFrameworks) into a temporary folder, then runs it, through an optional launcher (qemu for a foreign processor).
#   .ci/portable-run.sh LEG FRAMEWORK RID [LAUNCHER...]
# PORTABLE_PUBLISH_EXTRA, if set, adds its words to the publish command (MSBuild properties such as -p:Name=value).
# Prints the program's lines (one per check) and its total, then "LEG: publish N s, run N s"; exits non-zero when the
# publish fails, the program fails or crashes, or it printed no total line.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
leg=$1 framework=$2 rid=$3
shift 3
fail() { printf '\n%s FAILED: %s\n' "$leg" "$*"; exit 1; }

out=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$out" "$log"' EXIT

start=$SECONDS
dotnet publish "$root/tests/NetGen.Portable/NetGen.Portable.csproj" -c Release -f "$framework" -r "$rid" --self-contained -o "$out" \
  -p:PortableFrameworks="$framework" ${PORTABLE_PUBLISH_EXTRA:-} >"$log" 2>&1 \
  || { cat "$log"; fail "dotnet publish -f $framework -r $rid --self-contained"; }
grep -E 'warning|error' "$log" | grep -v '0 Warning\|0 Error' || true
published=$((SECONDS - start))

start=$SECONDS
( cd "$out" && "$@" ./NetGen.Portable ) 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
ran=$((SECONDS - start))

echo "$leg: publish ${published} s, run ${ran} s"
total=$(grep -E '^NetGen.Portable total on .*: [0-9]+ checks passed, [0-9]+ failed$' "$log" | tail -n 1)
[ -n "$total" ] || fail "the program printed no total line (exit status $status)"
[ "$status" -eq 0 ] || fail "the program exited with $status: $total"
