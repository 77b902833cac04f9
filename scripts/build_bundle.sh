#!/usr/bin/env bash
# Build the one-folder bundle with PyInstaller, run its self-test from outside the source tree,
# and print its size.  Usage: scripts/build_bundle.sh [DIST_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
DIST=${1:-dist}
python -m pip install -q "pyinstaller>=6.10"
python -m PyInstaller --noconfirm --clean --log-level WARN --distpath "$DIST" --workpath build/pyinstaller build.spec
BUNDLE="$DIST/ancha"
# Run the self-test from an empty folder so nothing can be read from the checkout.
WORK=$(mktemp -d)
(cd "$WORK" && env -u PYTHONPATH QT_QPA_PLATFORM=offscreen ANCHA_HOME="$WORK/home" \
  "$OLDPWD/$BUNDLE/ancha-cli" selftest)
rm -rf "$WORK"
SIZE=$(du -sm "$BUNDLE" | cut -f1)
echo "bundle: $BUNDLE, ${SIZE} MB"
