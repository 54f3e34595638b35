#!/usr/bin/env bash
# Makes sure a Chromium is there for the browser tests: installs Debian's chromium (and CJK fonts,
# without which Chinese pages render as boxes) when it is missing and we are root.
set -u
find_browser() { command -v chromium || command -v chromium-browser || command -v google-chrome || true; }
if [ -n "$(find_browser)" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "browser tests: installing Debian's chromium and fonts-noto-cjk"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null || true
fi
if [ -z "$(find_browser)" ]; then
  echo "##################################################################"
  echo "## browser tests: no Chromium and it cannot be installed here:   ##"
  echo "## they will be SKIPPED (PARTNERHUB_REQUIRE_BROWSER=1 fails them) ##"
  echo "##################################################################"
fi
exit 0
