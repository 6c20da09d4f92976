#!/usr/bin/env bash
# What the SSH transport tests and the Debian test host need (run as root on Debian bookworm; idempotent, a fast
# no-op once done):
#   openssh-server/-client  real sshd for the transport contract tests, ssh-keygen, ssh-agent, ssh-add
#   debootstrap             builds the cached bookworm rootfs the test host boots
#   systemd-container       systemd-nspawn, which boots it
# and it pre-builds that rootfs (/var/cache/chatgeist-test, a few minutes once) so no test run pays for it.
# With --bench it also installs Debian's ansible, for bench/deploy/run.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
packages=(openssh-server openssh-client debootstrap systemd-container)
if [[ "${1:-}" == "--bench" ]]; then
  packages+=(ansible)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if (( ${#missing[@]} )); then
  echo "setup-ssh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

mkdir -p /run/sshd   # sshd's privilege-separation directory (no init system creates it here)

start=$(date +%s)
rootfs=$(bash "$here/../chatgeist-maven-plugin/src/test/testhost/build-rootfs.sh")
echo "setup-ssh: test rootfs ready at $rootfs ($(( $(date +%s) - start ))s)"
