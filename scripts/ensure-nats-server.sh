#!/usr/bin/env bash
# The integration tests start their own nats-server (Debian's package, JetStream included).
set -euo pipefail
if command -v nats-server >/dev/null 2>&1 || [ -x /usr/sbin/nats-server ] || [ -n "${NATS_SERVER_BIN:-}" ]; then
  exit 0
fi
echo "nats-server not found: installing Debian's package" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq nats-server >/dev/null
