#!/usr/bin/env bash
# The /docs browser test drives Debian's chromium (playwright-core, executablePath /usr/bin/chromium):
# never a browser downloaded by playwright. GitHub's Ubuntu runners already ship /usr/bin/chromium.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
echo "chromium not found: installing Debian's package" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium >/dev/null
