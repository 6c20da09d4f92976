#!/usr/bin/env bash
# Tools the chatgeist-maven-plugin tests use for real (idempotent; a fast no-op when all are present):
#   crontab        Debian's cron: the crontab block is installed and read back for a throwaway user
#   plistutil      libplist-utils: an independent parser of the rendered launchd plists
#   python3        plistlib: a second independent plist parser
#   systemd-analyze systemd: `systemd-analyze verify` on the rendered units
#   useradd/userdel passwd: the throwaway crontab user
set -euo pipefail

need=()
command -v crontab >/dev/null 2>&1 || need+=(cron)
command -v plistutil >/dev/null 2>&1 || need+=(libplist-utils)
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
command -v useradd >/dev/null 2>&1 || need+=(passwd)

if [ "${#need[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
echo "setup-plugin-local: crontab plistutil python3 systemd-analyze present"
