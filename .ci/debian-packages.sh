#!/usr/bin/env bash
# Installs the Debian packages the tests use, when they are missing:
# Java (DynamoDB Local), Chromium (browser tests), poppler-utils and qpdf (PDF checks).
set -euo pipefail
need=()
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
[[ -x /usr/bin/chromium ]] || need+=(chromium)
# The visual regression baselines (test/e2e/baselines) were drawn with DejaVu Sans as the system font.
[[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]] || need+=(fonts-dejavu-core)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || need+=(qpdf)
if ((${#need[@]})); then
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  echo "installing Debian packages: ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
