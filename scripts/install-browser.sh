#!/usr/bin/env bash
# Installs what the tests drive from Debian's packages: headless Chromium and ChromeDriver
# (/usr/bin/chromium, /usr/bin/chromedriver) for the browser tests (src/test/java/org/regiokg/web/BrowserPagesTest),
# and the Python SPARQL clients SPARQLWrapper and rdflib (for /usr/bin/python3) for
# org.regiokg.server.PythonClientsTest. Does nothing when they are already there. Needs root (or sudo) and apt-get.
set -euo pipefail
missing=()
if [ ! -x /usr/bin/chromedriver ] || [ ! -x /usr/bin/chromium ]; then missing+=(chromium chromium-driver); fi
if ! /usr/bin/python3 -c 'import SPARQLWrapper, rdflib' 2>/dev/null; then missing+=(python3-sparqlwrapper python3-rdflib); fi
if [ ${#missing[@]} -eq 0 ]; then
  echo "chromium, chromedriver, SPARQLWrapper and rdflib are installed: $(/usr/bin/chromedriver --version 2>/dev/null || true)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q "${missing[@]}"
/usr/bin/chromedriver --version
/usr/bin/python3 -c 'import SPARQLWrapper, rdflib; print("SPARQLWrapper", SPARQLWrapper.__version__, "rdflib", rdflib.__version__)'
