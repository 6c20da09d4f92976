#!/usr/bin/env bash
# Tools the bot's tests need on a plain Debian bookworm machine (idempotent; a fast no-op when done):
#  - fonts-symbola: the monochrome emoji font the PDF reports use for emoji that DejaVu Sans lacks
#    (PdfReportTest fails with a clear message without it).
set -euo pipefail
if [ -f /usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf ]; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y --no-install-recommends fonts-symbola
