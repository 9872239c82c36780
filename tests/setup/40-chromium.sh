# Headless Chromium for the dashboard's browser tests (tests/KubeWise.EndToEnd.Tests, DashboardTests), from Debian:
# the `chromium` and `chromium-driver` packages, installed idempotently. Selenium is pointed at these two files
# explicitly, so nothing downloads a browser or a driver (Selenium Manager never runs).
# Exports KW_CHROMIUM and KW_CHROMEDRIVER. The tests fail (they do not skip) when either is missing.
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  echo "40-chromium: installing chromium and chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null \
    || { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null; } \
    || { echo "40-chromium: could not install chromium and chromium-driver" >&2; return 1 2>/dev/null || exit 1; }
fi
export KW_CHROMIUM=/usr/bin/chromium
export KW_CHROMEDRIVER=/usr/bin/chromedriver
echo "40-chromium: $("$KW_CHROMIUM" --version 2>/dev/null), $("$KW_CHROMEDRIVER" --version 2>/dev/null | cut -d' ' -f1-2)"
