#!/usr/bin/env bash
# Builds (once) the Debian bookworm rootfs that the integration tests boot with systemd-nspawn.
# Idempotent: a finished rootfs carries a stamp; a build in progress is done in a temporary directory and renamed
# into place only when complete, under a lock, so a killed build never leaves a half rootfs that looks finished.
#
# Usage: build-rootfs.sh [CACHE_DIR]   (default /var/cache/chatgeist-test; prints the rootfs path on stdout)
# Env:   CHATGEIST_DEBIAN_MIRROR (default http://deb.debian.org/debian)
set -euo pipefail

# Bump VERSION when the package list or the tweaks below change: tests then build a fresh rootfs.
VERSION=1
PACKAGES=systemd,systemd-sysv,dbus,openssh-server,cron,sudo,ca-certificates,python3,procps,iproute2,less
CACHE_DIR=${1:-/var/cache/chatgeist-test}
MIRROR=${CHATGEIST_DEBIAN_MIRROR:-http://deb.debian.org/debian}
ROOTFS="$CACHE_DIR/debian-bookworm-v$VERSION"
STAMP="$ROOTFS/.chatgeist-rootfs-version"

if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$VERSION" ]]; then
  echo "$ROOTFS"
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "build-rootfs: must run as root (debootstrap); run .ci/setup-ssh.sh as root" >&2
  exit 2
fi
command -v debootstrap >/dev/null || { echo "build-rootfs: debootstrap missing: apt-get install debootstrap (or run .ci/setup-ssh.sh)" >&2; exit 2; }

mkdir -p "$CACHE_DIR"
exec 9>"$CACHE_DIR/.build.lock"
flock 9
if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$VERSION" ]]; then  # built by another process while we waited
  echo "$ROOTFS"
  exit 0
fi

START=$(date +%s)
WORK="$CACHE_DIR/.building-v$VERSION"
rm -rf "$WORK"
mkdir -p "$WORK"
echo "build-rootfs: debootstrap bookworm into $WORK (takes a few minutes once)" >&2
debootstrap --variant=minbase --include="$PACKAGES" bookworm "$WORK" "$MIRROR" >"$CACHE_DIR/debootstrap.log" 2>&1 \
  || { echo "build-rootfs: debootstrap failed, see $CACHE_DIR/debootstrap.log" >&2; tail -20 "$CACHE_DIR/debootstrap.log" >&2; exit 1; }

# Tweaks that make a fast, quiet test boot. Per-run settings (sshd port, user keys) are applied by the test
# extension on its own writable copy, never here.
chroot "$WORK" /bin/sh -eu <<'CHROOT'
echo chatgeist-testhost > /etc/hostname
: > /etc/machine-id                               # systemd makes a fresh one on every boot
useradd --create-home --shell /bin/bash bot
echo 'bot ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/bot
chmod 0440 /etc/sudoers.d/bot
useradd --create-home --shell /bin/bash carol     # a user without sudo rights, for the "sudo wants a password" test
echo 'carol:x' | chpasswd -c SHA512                # has a password, so sudo -n must refuse
# Units that only slow the boot down or need hardware/network we do not have.
for u in systemd-timesyncd.service apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer \
         systemd-networkd-wait-online.service getty@tty1.service; do
  systemctl mask "$u" >/dev/null 2>&1 || true
done
systemctl enable ssh.service cron.service >/dev/null
rm -f /etc/ssh/ssh_host_*key*                      # each test run gets its own host keys
apt-get clean
rm -rf /var/lib/apt/lists/*
CHROOT

echo "$VERSION" > "$WORK/.chatgeist-rootfs-version"
rm -rf "$ROOTFS"
mv "$WORK" "$ROOTFS"
for old in "$CACHE_DIR"/debian-bookworm-v*; do
  if [[ "$old" != "$ROOTFS" ]]; then
    echo "build-rootfs: older rootfs $old can be deleted (rm -rf) when no test runs" >&2
  fi
done
echo "build-rootfs: done in $(( $(date +%s) - START ))s: $ROOTFS ($(du -sh "$ROOTFS" | cut -f1))" >&2
echo "$ROOTFS"
