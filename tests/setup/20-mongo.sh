# MongoDB for the event-store contract tests. No mongod can be installed here, so this installs and starts CongoDB,
# a MongoDB wire-protocol server (npm @push.rocks/smartmongo), on a free loopback port and exports MONGO_URL.
# When MONGO_URL is already set (e.g. a real mongod), it is used as it is.
if [ -z "${MONGO_URL:-}" ]; then
  kw_mongo_dir="$(pwd)/tests/KubeWise.Testing/Mongo/wire-server"
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
  fi
  if [ ! -f "$kw_mongo_dir/node_modules/@push.rocks/smartmongo/dist_ts/congodb/index.js" ]; then
    (cd "$kw_mongo_dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
  kw_mongo_port_file=$(mktemp)
  kw_mongo_log=$(mktemp)
  : > "$kw_mongo_port_file"
  node "$kw_mongo_dir/start.mjs" "$kw_mongo_port_file" > "$kw_mongo_log" 2>&1 &
  kw_mongo_pid=$!
  KW_CLEANUP+=("kill $kw_mongo_pid 2>/dev/null")
  for _ in $(seq 1 100); do
    [ -s "$kw_mongo_port_file" ] && break
    if ! kill -0 "$kw_mongo_pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  if [ ! -s "$kw_mongo_port_file" ]; then
    echo "CongoDB did not start:" >&2
    cat "$kw_mongo_log" >&2
    exit 1
  fi
  export MONGO_URL="mongodb://127.0.0.1:$(cat "$kw_mongo_port_file")"
  rm -f "$kw_mongo_port_file"
  echo "CongoDB (MongoDB wire server) pid $kw_mongo_pid at $MONGO_URL"
fi
