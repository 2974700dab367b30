#!/usr/bin/env bash
# Before/after in one BenchmarkDotNet run: every selected benchmark compiled by this tree's generator (job "Current")
# and by the generator of another commit (job "Baseline"), side by side.
# Usage: tests/NetGen.Benchmarks/compare-generator.sh <commit> [BenchmarkDotNet arguments, e.g. --filter '*Shape2_4_1*']
set -eu
commit=$1; shift
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$work/tree" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git -C "$root" worktree add --detach "$work/tree" "$commit" >/dev/null
dotnet build "$work/tree/src/NetGen.Generator" -c Release -o "$work/generator" -nologo -v q >/dev/null
echo "Baseline generator: $commit ($(git -C "$root" rev-parse --short "$commit")), built into $work/generator"
dotnet run -c Release --project "$root/tests/NetGen.Benchmarks" -- --baseline-generator "$work/generator/NetGen.Generator.dll" "$@"
