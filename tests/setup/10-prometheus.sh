# Debian's prometheus package (2.42) brings /usr/bin/prometheus and /usr/bin/promtool for the Prometheus test fixtures
# (tests/KubeWise.Testing/Prometheus). The fixtures start their own instances on free loopback ports; this script only
# installs, checks that both binaries run, and makes sure no instance outlives the test run.

kw_prometheus_install() {
  if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then
    return 0
  fi
  export DEBIAN_FRONTEND=noninteractive
  # The package's init script would start a system-wide Prometheus on :9090; the tests want none.
  local policy_added=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    policy_added=1
  fi
  # apt-get update only when the package lists do not know the package yet (a fresh machine).
  if ! apt-cache show prometheus >/dev/null 2>&1; then
    apt-get update -qq
  fi
  local status=0
  apt-get install -y -qq --no-install-recommends prometheus >/dev/null || {
    apt-get update -qq && apt-get install -y -qq --no-install-recommends prometheus >/dev/null
  } || status=$?
  [ -n "$policy_added" ] && rm -f /usr/sbin/policy-rc.d
  return "$status"
}

kw_prometheus_install
prometheus --version >/dev/null 2>&1 || { echo "prometheus is installed but does not run" >&2; return 1; }
promtool --version >/dev/null 2>&1 || { echo "promtool is installed but does not run" >&2; return 1; }
echo "prometheus: $(prometheus --version 2>&1 | head -n1)"

# Every fixture instance writes its PID here; whatever a crashed test host left running is stopped at the end, by PID.
KW_PROMETHEUS_PID_DIR=$(mktemp -d -t kubewise-prometheus-pids.XXXXXX)
export KW_PROMETHEUS_PID_DIR
kw_prometheus_stop_leftovers() {
  local f pid
  for f in "$KW_PROMETHEUS_PID_DIR"/*; do
    [ -e "$f" ] || continue
    pid=$(basename "$f")
    if grep -q prometheus "/proc/$pid/cmdline" 2>/dev/null; then
      echo "stopping Prometheus left behind by the tests (pid $pid)" >&2
      kill "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$KW_PROMETHEUS_PID_DIR"
}
KW_CLEANUP+=("kw_prometheus_stop_leftovers")
