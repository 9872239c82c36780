#!/usr/bin/env bash
# The one test entry point: installs what the tests need (idempotently), starts the servers they use,
# runs every test project, and prints one summary line "Tests: N passed, N failed".
# Usage: tests/run-tests.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Forest]
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

KW_CLEANUP=()
cleanup() { for c in "${KW_CLEANUP[@]:-}"; do [ -n "$c" ] && eval "$c" || true; done; }
trap cleanup EXIT

# Each tests/setup/NN-name.sh installs one dependency idempotently; it may start a server,
# export its address for the tests and append its stop command to KW_CLEANUP.
for setup in tests/setup/*.sh; do
  [ -e "$setup" ] || continue
  echo "== setup: $setup"
  # shellcheck source=/dev/null
  source "$setup"
done

log=$(mktemp)
status=0
dotnet test KubeWise.Functions.sln -c Release --nologo "$@" 2>&1 | tee "$log" || status=$?

# The forest scores with an AVX-512 kernel where the CPU has it and a scalar kernel elsewhere; both must give the
# same scores bit for bit, so on the full run the forest tests run a second time with AVX-512 switched off.
if [ "$#" -eq 0 ]; then
  echo "== forest tests again on the scalar kernel (DOTNET_EnableAVX512=0)"
  DOTNET_EnableAVX512=0 dotnet test tests/KubeWise.Core.Tests -c Release --nologo --no-build \
    --filter "FullyQualifiedName~KubeWise.Core.Tests.Detection.Forest" 2>&1 | tee -a "$log" || status=$?
fi

passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "Tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
