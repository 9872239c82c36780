#!/usr/bin/env bash
# Runs KubeWise locally: the Functions host (`func start`) on Azurite, with the embedded defaults
# (LiteDB store, MANUAL mode, the rule analyzer when no Gemini key is set, Prometheus at localhost:9090,
# no cluster configured → fixes are suggested, never applied).
#
# Usage: src/KubeWise.Functions/run-local.sh [--preflight]
#   --preflight  everything but `func start`: install Azurite, create local.settings.json, build, validate the
#                settings (`kubewise config`), start Azurite, check it answers, stop it. CI runs this.
#
# Installs what is missing into .tools/ (git-ignored): Azurite and Azure Functions Core Tools from npm.
# Environment: KW_CONFIGURATION (Debug), KW_FUNC_PORT (7071), KW_TOOLS (.tools).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"

readonly AZURITE_VERSION="3.35.0"
readonly CORE_TOOLS_VERSION="4.15.1"
tools="${KW_TOOLS:-$repo_root/.tools}"
configuration="${KW_CONFIGURATION:-Debug}"
func_port="${KW_FUNC_PORT:-7071}"
preflight=false

for arg in "$@"; do
  case "$arg" in
    --preflight) preflight=true ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "run-local: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

say() { echo "run-local: $*"; }
fail() { echo "run-local: ERROR: $*" >&2; exit 1; }

require() {
  command -v "$1" >/dev/null 2>&1 || fail "$1 is not installed. $2"
}

require dotnet "Install the .NET 10 SDK (global.json names the version)."
require node "Install Node.js 20 or newer (Debian: apt-get install nodejs npm); Azurite and Core Tools need it."
require npm "Install npm (Debian: apt-get install npm)."
require curl "Install curl (Debian: apt-get install curl); it checks that Azurite answers."

ensure_azurite() {
  local bin="$tools/azurite/node_modules/.bin/azurite"
  if [ ! -x "$bin" ]; then
    say "installing Azurite $AZURITE_VERSION into $tools/azurite"
    mkdir -p "$tools/azurite"
    npm install --prefix "$tools/azurite" --no-audit --no-fund --loglevel=error "azurite@$AZURITE_VERSION" >/dev/null \
      || fail "npm could not install azurite@$AZURITE_VERSION (is the npm registry reachable?)"
  fi
  azurite_bin="$bin"
}

# Core Tools' npm package downloads the real host from a CDN in its postinstall step; where that host cannot be
# reached the install fails within seconds, and we say so instead of waiting.
ensure_func() {
  if command -v func >/dev/null 2>&1; then
    func_bin="$(command -v func)"
    return
  fi
  local bin="$tools/func/node_modules/.bin/func"
  if [ ! -x "$bin" ] || ! "$bin" --version >/dev/null 2>&1; then
    say "installing Azure Functions Core Tools $CORE_TOOLS_VERSION into $tools/func"
    mkdir -p "$tools/func"
    local log="$tools/func/install.log"
    if ! timeout 120 npm install --prefix "$tools/func" --no-audit --no-fund "azure-functions-core-tools@$CORE_TOOLS_VERSION" >"$log" 2>&1 \
      || ! "$bin" --version >/dev/null 2>&1; then
      local url
      url="$(grep -oE 'https?://[^" ]+' "$log" | grep -v registry | head -n1 || true)"
      echo "run-local: ERROR: Azure Functions Core Tools could not be installed." >&2
      echo "  The npm package 'azure-functions-core-tools' downloads the Functions host during install${url:+ from $url}," >&2
      echo "  and that download failed (details: $log)." >&2
      echo "  Install Core Tools v4 another way (https://learn.microsoft.com/azure/azure-functions/functions-run-local)" >&2
      echo "  so that 'func' is on PATH, or run KubeWise in Docker: docker compose up --build." >&2
      echo "  Everything else can be checked without it: $0 --preflight" >&2
      exit 1
    fi
  fi
  func_bin="$bin"
}

ensure_local_settings() {
  if [ ! -f local.settings.json ]; then
    cp local.settings.sample.json local.settings.json
    say "created local.settings.json from local.settings.sample.json (edit it to point KubeWise elsewhere)"
  fi
}

# The Functions host reads local.settings.json's Values; the CLI's validation reads the environment. Exporting
# them makes both see one configuration (variables already set in the shell win, as they do under `func start`).
export_local_settings() {
  local entries
  # Name and value on alternate lines (newlines in values escaped); names with '.' (AzureWebJobs.<fn>.Disabled) are left to the host, which reads the file.
  entries="$(node -e '
    const s = JSON.parse(require("fs").readFileSync("local.settings.json", "utf8"));
    if (typeof s.Values !== "object" || s.Values === null) throw new Error("no Values object");
    for (const [k, v] of Object.entries(s.Values)) {
      const name = k.replaceAll(":", "__");
      if (k.includes(".") || process.env[k] !== undefined || process.env[name] !== undefined) continue;
      process.stdout.write(`${name}\n${String(v).replaceAll("\n", "\\n")}\n`);
    }' 2>&1)" || fail "local.settings.json is not valid JSON with a \"Values\" object: $entries"
  local key value
  while IFS= read -r key && IFS= read -r value; do
    # Options paths contain ':' which bash cannot export; the double-underscore spelling means the same.
    export "$key=${value//\\n/$'\n'}"
  done <<< "$entries"
}

free_port() {
  node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

azurite_pid=""
stop_azurite() {
  if [ -n "$azurite_pid" ] && kill -0 "$azurite_pid" 2>/dev/null; then
    kill "$azurite_pid" 2>/dev/null || true
    wait "$azurite_pid" 2>/dev/null || true
    say "Azurite stopped"
  fi
  azurite_pid=""
}
trap stop_azurite EXIT

# Azurite on free loopback ports, so a second Azurite (or another project's) never collides; the host gets an
# explicit connection string for exactly those ports.
start_azurite() {
  local blob queue table data
  blob="$(free_port)"; queue="$(free_port)"; table="$(free_port)"
  data="$tools/azurite-data"
  mkdir -p "$data"
  "$azurite_bin" --silent --skipApiVersionCheck --location "$data" \
    --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" \
    --tableHost 127.0.0.1 --tablePort "$table" >"$data/azurite.log" 2>&1 &
  azurite_pid=$!
  local account="devstoreaccount1"
  local key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  azurite_connection="DefaultEndpointsProtocol=http;AccountName=$account;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob/$account;QueueEndpoint=http://127.0.0.1:$queue/$account;TableEndpoint=http://127.0.0.1:$table/$account;"
  for _ in $(seq 1 100); do
    if azurite_answers "$blob" && azurite_answers "$queue" && azurite_answers "$table"; then
      say "Azurite $AZURITE_VERSION listening on 127.0.0.1:$blob (blob), :$queue (queue), :$table (table)"
      return
    fi
    kill -0 "$azurite_pid" 2>/dev/null || fail "Azurite exited at start-up: $(tail -n 5 "$data/azurite.log")"
    sleep 0.2
  done
  fail "Azurite did not answer within 20 s (log: $data/azurite.log)"
}

# Any HTTP answer (Azurite says 400/403 to an unsigned request) proves the service is up.
azurite_answers() {
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/devstoreaccount1?comp=list" 2>/dev/null || true)"
  [ -n "$code" ] && [ "$code" != "000" ]
}

ensure_azurite
# Without Core Tools nothing below can become a running host: find out first, in seconds.
$preflight || ensure_func
ensure_local_settings
export_local_settings

say "building ($configuration)"
dotnet build src/KubeWise.Functions -c "$configuration" --nologo -v quiet >/dev/null \
  || fail "the Functions app does not build: dotnet build src/KubeWise.Functions -c $configuration"

say "validating settings (kubewise config)"
if ! dotnet run --project src/KubeWise.Cli -c "$configuration" --no-launch-profile -- config; then
  fail "the settings above are invalid: fix local.settings.json (docs/configuration.md lists every setting)"
fi

uses_dev_storage=false
case "${AzureWebJobsStorage:-}" in
  ""|UseDevelopmentStorage=true*) uses_dev_storage=true ;;
esac

if $uses_dev_storage; then
  start_azurite
  export AzureWebJobsStorage="$azurite_connection"
else
  say "AzureWebJobsStorage points at a storage account: Azurite not needed"
fi

if $preflight; then
  stop_azurite
  say "preflight passed: build, settings and Azurite are ready; 'func start' is the only step left"
  exit 0
fi

say "starting the Functions host on http://localhost:$func_port (Ctrl+C stops it and Azurite)"
cd src/KubeWise.Functions
"$func_bin" start --port "$func_port"
