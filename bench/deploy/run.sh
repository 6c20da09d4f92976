#!/usr/bin/env bash
# Issue 7 benchmark (Ansible side): Debian's ansible-playbook deploys ChatGeist (playbook.yml here) to a freshly
# booted Debian test host (systemd-nspawn), first deploy and a no-change run, ROUNDS rounds (default 5); prints
# the medians. Needs root, like the test host. Usage: bench/deploy/run.sh   (ROUNDS=9 bench/deploy/run.sh)
set -euo pipefail
cd "$(dirname "$0")/../.."
bash .ci/setup-ssh.sh --bench
rm -f chatgeist-maven-plugin/target/bench-*.txt
./mvnw -q -B -pl chatgeist-maven-plugin test -Dtest=DeployBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.rounds="${ROUNDS:-5}" >/dev/null
cat chatgeist-maven-plugin/target/bench-*.txt
