#!/usr/bin/env bash
# Vendor front-end libraries from the npm registry into static/vendor/ at pinned versions.
# The files are committed; run this only to change a version. Never edit the output by hand.
set -euo pipefail
HTMX_VERSION=2.0.11
KATEX_VERSION=0.16.47

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

npm pack --silent "htmx.org@${HTMX_VERSION}" "katex@${KATEX_VERSION}" >/dev/null
mkdir htmx katex
tar -xzf "htmx.org-${HTMX_VERSION}.tgz" -C htmx
tar -xzf "katex-${KATEX_VERSION}.tgz" -C katex

dest="$root/static/vendor"
rm -rf "$dest/htmx" "$dest/katex"
mkdir -p "$dest/htmx" "$dest/katex/contrib"
cp htmx/package/dist/htmx.min.js "$dest/htmx/"
cp htmx/package/LICENSE "$dest/htmx/LICENSE"
cp katex/package/dist/katex.min.js katex/package/dist/katex.min.css "$dest/katex/"
cp katex/package/dist/contrib/auto-render.min.js "$dest/katex/contrib/"
# All font formats: the stylesheet references each, and hashed static storage checks them.
cp -r katex/package/dist/fonts "$dest/katex/fonts"
cp katex/package/LICENSE "$dest/katex/LICENSE"
cat > "$dest/VERSIONS" <<VERSIONS
htmx.org ${HTMX_VERSION}
katex ${KATEX_VERSION}
VERSIONS
# Checksums of what was vendored: tests/security/test_supply_chain.py checks the files against them.
(cd "$dest" && find htmx katex -type f | LC_ALL=C sort | xargs sha256sum > SHA256SUMS)
echo "vendored htmx ${HTMX_VERSION}, katex ${KATEX_VERSION} into static/vendor/"
