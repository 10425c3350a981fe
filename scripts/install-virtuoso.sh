#!/usr/bin/env bash
# Installs Virtuoso Open Source 7.2 from Debian's package (virtuoso-t, isql-vt, the default
# /etc/virtuoso-opensource-7/virtuoso.ini) for the remote-mode tests (src/test/java/org/regiokg/remote/).
# The package's own service is stopped and left off: the tests start virtuoso-t themselves, with
# ports and folders of their own in a copy of the ini. Does nothing when it is already there.
# Needs root (or sudo) and apt-get.
set -euo pipefail
if command -v virtuoso-t >/dev/null 2>&1 && [ -f /etc/virtuoso-opensource-7/virtuoso.ini ]; then
  echo "virtuoso is installed: $(virtuoso-t -? 2>&1 | head -n 2 | tail -n 1)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
# The package asks for a DBA password on install; an empty answer keeps the default (dba), which
# only the package's own database uses: the tests' databases live in their own folders.
echo "virtuoso-opensource-7 virtuoso-opensource-7/dba-password password " | $SUDO debconf-set-selections || true
echo "virtuoso-opensource-7 virtuoso-opensource-7/dba-password-again password " | $SUDO debconf-set-selections || true
$SUDO apt-get update -q
# policy-rc.d 101: the package's post-install must not start its own server (no systemd here, ports 1111/8890 stay free).
POLICY=/usr/sbin/policy-rc.d
CREATED_POLICY=""
if [ ! -e "$POLICY" ]; then printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null; $SUDO chmod +x "$POLICY"; CREATED_POLICY=1; fi
trap '[ -n "$CREATED_POLICY" ] && $SUDO rm -f "$POLICY"' EXIT
$SUDO apt-get install -y -q --no-install-recommends virtuoso-opensource
command -v virtuoso-t
