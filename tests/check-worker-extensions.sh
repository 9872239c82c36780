#!/usr/bin/env bash
# The Functions SDK restores a generated WorkerExtensions project of its own during the build (it floats its packages
# and ignores our lock files). Compare the packages it resolved with the committed list and fail on any difference.
# Usage: tests/check-worker-extensions.sh [--update]   (run after building src/KubeWise.Functions in Release)
set -euo pipefail
cd "$(dirname "$0")/.."
assets="src/KubeWise.Functions/obj/Release/net10.0/WorkerExtensions/obj/project.assets.json"
expected="src/KubeWise.Functions/worker-extensions.packages.txt"
if [ ! -f "$assets" ]; then
  echo "worker extensions: $assets is missing; build src/KubeWise.Functions in Release first" >&2
  exit 1
fi
actual=$(node -e '
  const libs = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).libraries;
  console.log(Object.keys(libs).filter(k => libs[k].type === "package").sort().join("\n"));' "$assets")
if [ "${1:-}" = "--update" ]; then
  printf '%s\n' "$actual" > "$expected"
  echo "worker extensions: wrote $(wc -l < "$expected") packages to $expected"
  exit 0
fi
if ! diff_out=$(diff -u --label "committed $expected" --label "resolved by this build" "$expected" <(printf '%s\n' "$actual")); then
  echo "worker extensions: the packages the Functions SDK resolved differ from $expected:" >&2
  printf '%s\n' "$diff_out" >&2
  echo "If the change is intended (a package was bumped or is no longer served), run tests/check-worker-extensions.sh --update and commit the list." >&2
  exit 1
fi
echo "worker extensions: $(wc -l < "$expected") packages match $expected"
