#!/bin/sh
# Where an image's code lives and which file starts it: "<workspace> <entry>", both relative to /app.
# The Dockerfile builds and prunes to <workspace>; deploy/test checks every entry is a file the build produces.
set -eu
case "${1:-}" in
  gateway) echo "gateway gateway/dist/main.js" ;;
  payment | order | user | notification | crm-sync | fulfilment) echo "services/$1 services/$1/dist/main.js" ;;
  stripe-emulator) echo "emulators/stripe deploy/stripe-emulator/main.mjs" ;;
  *)
    echo "unknown SERVICE '${1:-}': expected gateway, payment, order, user, notification, crm-sync, fulfilment or stripe-emulator" >&2
    exit 1
    ;;
esac
