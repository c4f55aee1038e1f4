#!/usr/bin/env bash
# The browser tests drive Debian's Chromium headless; install it if it is missing.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
echo "Installing Debian's chromium for the browser tests ..."
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
test -x /usr/bin/chromium || { echo "chromium could not be installed"; exit 1; }
