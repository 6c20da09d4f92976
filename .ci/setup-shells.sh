#!/usr/bin/env bash
# zsh for the completion test (`chatgeist completion zsh` is run in a real zsh); bash is already there.
# Idempotent.
set -euo pipefail
if ! command -v zsh >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends zsh
fi
echo "setup-shells: $(zsh --version)"
