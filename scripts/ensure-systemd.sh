#!/usr/bin/env bash
# The deployment tests check docs/deploy/systemd/*.service with systemd-analyze verify;
# install Debian's systemd package (which provides it) if the tool is missing.
set -euo pipefail
if [ -x /usr/bin/systemd-analyze ]; then exit 0; fi
echo "Installing Debian's systemd for systemd-analyze (unit file tests) ..."
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq systemd >/dev/null
test -x /usr/bin/systemd-analyze || { echo "systemd-analyze could not be installed"; exit 1; }
