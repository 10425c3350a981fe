#!/usr/bin/env bash
# Installs headless Chromium and ChromeDriver from Debian's packages (/usr/bin/chromium,
# /usr/bin/chromedriver) for the browser tests (src/test/java/org/regiokg/web/BrowserPagesTest).
# Does nothing when ChromeDriver is already there. Needs root (or sudo) and apt-get.
set -euo pipefail
if [ -x /usr/bin/chromedriver ] && [ -x /usr/bin/chromium ]; then
  echo "chromium and chromedriver are installed: $(/usr/bin/chromedriver --version 2>/dev/null || true)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q chromium chromium-driver
/usr/bin/chromedriver --version
