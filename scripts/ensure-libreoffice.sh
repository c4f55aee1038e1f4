#!/usr/bin/env bash
# The report tests convert a DOCX to PDF with Debian's LibreOffice; install it if missing.
set -euo pipefail
if [ -x /usr/bin/libreoffice ]; then exit 0; fi
echo "Installing Debian's LibreOffice Writer for the report tests ..."
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libreoffice-writer-nogui fonts-noto-cjk >/dev/null
test -x /usr/bin/libreoffice || { echo "libreoffice could not be installed"; exit 1; }
