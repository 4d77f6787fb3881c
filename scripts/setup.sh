#!/usr/bin/env bash
# From a clean clone to built editions: system packages (Chromium's headless shell, poppler-utils,
# OpenSSH's ssh-keygen), node_modules, then every edition. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
# The headless shell prints (about twice as fast as full Chromium); full Chromium stays
# the fallback when it is the only browser, and PUPPETEER_EXECUTABLE_PATH always wins.
if [ -z "${PUPPETEER_EXECUTABLE_PATH:-}" ] && [ ! -x /usr/bin/chromium-headless-shell ]; then need+=(chromium-headless-shell); fi
# Full Chromium too, where we may install it: the fallback printer, and the browser the
# tests' screen checks (phones, accessibility, the dev server) also run on.
if [ -z "${PUPPETEER_EXECUTABLE_PATH:-}" ] && [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ]; then need+=(chromium); fi
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
# Third-party validators of the exchange formats, used by the tests: the OASIS XSDs with
# xmllint, msgfmt --check, and translate-toolkit reading and converting the files.
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
command -v po2xliff >/dev/null 2>&1 || need+=(translate-toolkit)
# Signed sign-offs: ssh-keygen signs and verifies them (and ssh-agent holds a reviewer's key);
# jq is the README's hand check of a signature, which the tests run as printed.
command -v ssh-keygen >/dev/null 2>&1 || need+=(openssh-client)
command -v jq >/dev/null 2>&1 || need+=(jq)
# Seals: the tests and the benchmark make throwaway seal keys and a test time-stamping
# authority with openssl (openssl req, pkcs12, ts), and check seals with openssl cms.
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v zip >/dev/null 2>&1 || true

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] && [ "${need[*]}" = chromium-headless-shell ] && [ -x /usr/bin/chromium ]; then
    echo "setup: printing with full Chromium (slower); for the headless shell: sudo apt-get install -y chromium-headless-shell" >&2
  elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing ${need[*]} from Debian's packages"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "setup: missing ${need[*]}. Install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${need[*]}" >&2
    echo "or name a browser with PUPPETEER_EXECUTABLE_PATH=/path/to/chrome." >&2
    exit 2
  fi
fi

# puppeteer-core never downloads a browser; the lock file pins every package.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing node_modules (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ "${1:-}" != "--no-build" ]; then
  npm run --silent build
fi
