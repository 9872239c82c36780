# The .NET SDK named by global.json must be on PATH; packages come from NuGet through the normal restore.
if ! command -v dotnet >/dev/null 2>&1; then
  echo "dotnet is not on PATH: install the .NET 10 SDK (global.json)" >&2
  exit 1
fi
dotnet restore KubeWise.Functions.sln --nologo -v quiet
