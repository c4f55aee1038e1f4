#!/usr/bin/env bash
# The publishing end-to-end test serves the publish root with Debian's nginx, using
# docs/deploy/nginx.conf; install the binary if missing (the test starts its own instance).
set -euo pipefail
if [ -x /usr/sbin/nginx ]; then exit 0; fi
echo "Installing Debian's nginx for the static-publishing tests ..."
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nginx-light >/dev/null
# Debian starts a system nginx on port 80 after install; the tests do not need it.
$sudo systemctl stop nginx 2>/dev/null || $sudo service nginx stop 2>/dev/null || true
test -x /usr/sbin/nginx || { echo "nginx could not be installed"; exit 1; }
