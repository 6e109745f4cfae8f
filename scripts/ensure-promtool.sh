#!/usr/bin/env bash
# deploy/test/alerts.test.ts unit-tests the alerting rules with promtool (Debian's `prometheus` package ships it).
set -euo pipefail
if command -v promtool >/dev/null 2>&1 || [ -n "${PROMTOOL_BIN:-}" ]; then
  exit 0
fi
echo "promtool not found: installing Debian's prometheus package" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq prometheus >/dev/null
