#!/usr/bin/env bash
# Refreshes the vendored front-end assets (htmx, Pico CSS) from npm at the
# pinned versions below. The files are committed, so a Go build never needs npm.
set -euo pipefail

HTMX_VERSION=2.0.11
PICO_VERSION=2.1.1

root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$tmp"
npm init -y >/dev/null
npm install --silent --save-exact "htmx.org@$HTMX_VERSION" "@picocss/pico@$PICO_VERSION"

dest="$root/internal/web/static"
cp node_modules/htmx.org/dist/htmx.min.js "$dest/htmx.min.js"
cp node_modules/@picocss/pico/css/pico.min.css "$dest/pico.min.css"
printf 'htmx.org %s\n@picocss/pico %s\n' "$HTMX_VERSION" "$PICO_VERSION" > "$dest/VERSIONS"
echo "vendored htmx $HTMX_VERSION and pico $PICO_VERSION into $dest"
