# The .NET SDK named by global.json must be on PATH; packages come from NuGet through the normal restore.
if ! command -v dotnet >/dev/null 2>&1; then
  echo "dotnet is not on PATH: install the .NET 10 SDK (global.json)" >&2
  exit 1
fi
# In CI (CI=true) restore into new, empty package and HTTP caches, so CI sees what a fresh machine sees: a warm cache
# once hid a package graph that no new clone could restore. A developer's run keeps the machine's caches.
if [ "${CI:-}" = "true" ] && [ -z "${KW_KEEP_NUGET_CACHE:-}" ]; then
  NUGET_PACKAGES=$(mktemp -d -t kubewise-nuget-packages.XXXXXX)
  NUGET_HTTP_CACHE_PATH=$(mktemp -d -t kubewise-nuget-http.XXXXXX)
  export NUGET_PACKAGES NUGET_HTTP_CACHE_PATH
  KW_CLEANUP+=("rm -rf '$NUGET_PACKAGES' '$NUGET_HTTP_CACHE_PATH'")
  echo "dotnet: CI=true, restoring into an empty package cache $NUGET_PACKAGES"
fi
