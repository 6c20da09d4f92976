#!/usr/bin/env bash
# Tools the bot's tests need on a plain Debian bookworm machine (idempotent; a fast no-op when done):
#  - fonts-symbola: the monochrome emoji font the PDF reports and charts use for emoji that DejaVu Sans lacks
#    (PdfReportTest fails with a clear message without it).
#  - fonts-wqy-microhei: the CJK font charts fall back to for Chinese, Japanese and Korean labels (5 MB installed;
#    fonts-noto-cjk would be 90 MB). ChartRendererTest fails with a clear message without it.
set -euo pipefail
if [ -f /usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf ] && [ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y --no-install-recommends fonts-symbola fonts-wqy-microhei
