#!/usr/bin/env bash
# Runs KubeWise as one process: `kubewise run` (scan loop, durable remediation workflow and the /api/v1 API) with the
# embedded defaults: LiteDB store in ./data, MANUAL mode, the rule analyzer without a Gemini key, Prometheus at
# http://localhost:9090 unless --prometheus says otherwise, no cluster configured → fixes are suggested, never applied.
# Durable state lives in Azurite, which kubewise run starts and stops itself (data in ./data/azurite).
#
# Usage: src/KubeWise.Run/run.sh [kubewise run options]   e.g. --prometheus http://prometheus:9090 --port 7071
# Installs Azurite from npm into .tools/azurite (git-ignored) when it is missing, builds the CLI, then runs it.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
readonly AZURITE_VERSION="3.35.0"
tools="${KW_TOOLS:-$repo_root/.tools}"

fail() { echo "run: ERROR: $*" >&2; exit 1; }
command -v dotnet >/dev/null 2>&1 || fail "dotnet is not installed: install the .NET 10 SDK (global.json names the version)."

needs_azurite=true
for arg in "$@"; do
  case "$arg" in in-memory|azure-storage) needs_azurite=false ;; esac
done
if [ -n "${Run__Durable__ConnectionString:-}" ]; then needs_azurite=false; fi

if $needs_azurite && [ ! -x "$tools/azurite/node_modules/.bin/azurite" ]; then
  command -v npm >/dev/null 2>&1 || fail "npm is not installed; Azurite needs Node.js 20 or newer (Debian: apt-get install nodejs npm), or run with --durable-backend in-memory (throw-away state)."
  echo "run: installing Azurite $AZURITE_VERSION into $tools/azurite" >&2
  mkdir -p "$tools/azurite"
  npm install --prefix "$tools/azurite" --no-audit --no-fund --loglevel=error "azurite@$AZURITE_VERSION" >/dev/null \
    || fail "npm could not install azurite@$AZURITE_VERSION (is the npm registry reachable?)"
fi

if $needs_azurite; then
  export Run__Durable__AzuritePath="${Run__Durable__AzuritePath:-$tools/azurite/node_modules/.bin/azurite}"
fi

echo "run: building the kubewise CLI" >&2
dotnet build "$repo_root/src/KubeWise.Cli/KubeWise.Cli.csproj" -c Release --nologo -v quiet >&2
exec dotnet "$repo_root/src/KubeWise.Cli/bin/Release/net10.0/kubewise.dll" run "$@"
