#!/usr/bin/env bash
# The .NET 8 leg (issue 15's support matrix): the oracle checks of tests/NetGen.Portable built for net8.0 and run on the
# .NET 8 runtime. Only the .NET 10 shared runtime is installed, so the program is published self-contained, carrying
# the 8.0 runtime from NuGet's runtime pack (Microsoft.NETCore.App.Runtime.linux-x64, the version the SDK picks).
set -uo pipefail
exec "$(dirname "$0")/portable-run.sh" leg-net8 net8.0 linux-x64
