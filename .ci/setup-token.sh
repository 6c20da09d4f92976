#!/usr/bin/env bash
# Tools the sync-token tests need on a plain Debian bookworm CI machine (run as root; a fast no-op when present).
# - chattr (e2fsprogs): as root, file modes do not stop writes, so the "not writable" tests set the immutable flag.
# - sh, cp, cat, grep, sed, tail, sleep: the stand-in scripts for claude/security/docker (essential packages).
set -euo pipefail
missing=()
command -v chattr >/dev/null 2>&1 || missing+=(e2fsprogs)
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
for tool in sh cp cat grep sed tail sleep chattr; do
  command -v "$tool" >/dev/null 2>&1 || { echo "setup-token: $tool is still missing" >&2; exit 1; }
done
