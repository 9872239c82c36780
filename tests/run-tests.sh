#!/usr/bin/env bash
# The one test entry point: installs what the tests need (idempotently), starts the servers they use, restores,
# builds and runs every test project, and prints one summary line "Tests: N passed, N failed" and the phase times.
# Usage: tests/run-tests.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Forest]
# With CI=true the restore starts from an empty package cache and runs in locked mode (see tests/setup/00-dotnet.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Each test host watches its configuration files; inotify instances are limited per user (128 here), and parallel test
# hosts ran out of them ("inotify instance limit reached"). Polling watchers need none.
export DOTNET_USE_POLLING_FILE_WATCHER=true

KW_CLEANUP=()
cleanup() { for c in "${KW_CLEANUP[@]:-}"; do [ -n "$c" ] && eval "$c" || true; done; }
trap cleanup EXIT

declare -A kw_seconds=()
kw_phase() { # kw_phase NAME COMMAND...: runs the command and records its wall time under NAME
  local name=$1 start=$SECONDS
  shift
  "$@"
  local rc=$?
  kw_seconds[$name]=$(( ${kw_seconds[$name]:-0} + SECONDS - start ))
  return "$rc"
}

# Each tests/setup/NN-name.sh installs one dependency idempotently; it may start a server,
# export its address for the tests and append its stop command to KW_CLEANUP.
setup_start=$SECONDS
for setup in tests/setup/*.sh; do
  [ -e "$setup" ] || continue
  echo "== setup: $setup"
  # shellcheck source=/dev/null
  source "$setup"
done
kw_seconds[setup]=$(( SECONDS - setup_start ))

# Lock files pin every package, transitive ones included. CI restores in locked mode, so a package that drifted
# (no longer served, or resolved differently) fails here, naming it. Locally a plain restore may update the lock files.
restore_args=(--nologo)
if [ "${CI:-}" = "true" ]; then restore_args+=(--locked-mode); fi
echo "== restore (${restore_args[*]})"
kw_phase restore dotnet restore KubeWise.Functions.sln "${restore_args[@]}"

echo "== build"
kw_phase build dotnet build KubeWise.Functions.sln -c Release --nologo --no-restore
kw_phase build bash tests/check-worker-extensions.sh

log=$(mktemp)
status=0
echo "== test"
kw_phase test bash -c 'set -o pipefail; dotnet test KubeWise.Functions.sln -c Release --nologo --no-build "$@" 2>&1 | tee "$0"' "$log" "$@" \
  || status=$?

# The forest scores with an AVX-512 kernel where the CPU has it and a scalar kernel elsewhere; both must give the
# same scores bit for bit, so on the full run the forest tests run a second time with AVX-512 switched off.
if [ "$#" -eq 0 ]; then
  echo "== forest tests again on the scalar kernel (DOTNET_EnableAVX512=0)"
  kw_phase test bash -c 'set -o pipefail; DOTNET_EnableAVX512=0 dotnet test tests/KubeWise.Core.Tests -c Release --nologo --no-build \
    --filter "FullyQualifiedName~KubeWise.Core.Tests.Detection.Forest" 2>&1 | tee -a "$0"' "$log" || status=$?
fi

passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "Wall time: setup ${kw_seconds[setup]} s, restore ${kw_seconds[restore]} s, build ${kw_seconds[build]} s, test ${kw_seconds[test]} s"
echo "Tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
