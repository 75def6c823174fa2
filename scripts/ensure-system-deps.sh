#!/usr/bin/env bash
# Install the Debian packages vnplan needs, only when something is missing.
# Usage: scripts/ensure-system-deps.sh [extra-package ...]
set -euo pipefail

need=()
# Capture first: `grep -q` closing a pipe early would fail the pipeline under pipefail.
langs=$(tesseract --list-langs 2>/dev/null || true)
fonts=$(fc-list : family 2>/dev/null || true)
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
grep -qx vie <<<"$langs" || need+=(tesseract-ocr-vie)
grep -qx eng <<<"$langs" || need+=(tesseract-ocr-eng)
# Orientation and script detection: pages photographed or scanned sideways/upside down.
grep -qx osd <<<"$langs" || need+=(tesseract-ocr-osd)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v fc-match >/dev/null 2>&1 || need+=(fontconfig)
grep -qi "TeX Gyre Termes" <<<"$fonts" || need+=(fonts-texgyre)
grep -qi "DejaVu Serif" <<<"$fonts" || need+=(fonts-dejavu-core)
# Old Word .doc input (without it such files fail with "convert to .docx or PDF").
command -v antiword >/dev/null 2>&1 || need+=(antiword)
for pkg in "$@"; do
  case "$pkg" in
    ocrmypdf) command -v ocrmypdf >/dev/null 2>&1 || need+=(ocrmypdf) ;;
    # Headless rendering of the HTML report in tests: software GL and the fonts Chromium recommends.
    chromium) command -v chromium >/dev/null 2>&1 || need+=(chromium libgl1-mesa-dri fonts-liberation) ;;
    *) dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg") ;;
  esac
done
command -v python3 >/dev/null 2>&1 || need+=(python3)
python3 -c "import venv, ensurepip" >/dev/null 2>&1 || need+=(python3-venv)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing system packages: ${need[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "need root (or sudo) to install: ${need[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
