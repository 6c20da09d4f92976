#!/usr/bin/env bash
# Issue 7 benchmark: in one run, per round, Debian's ansible-playbook deploys ChatGeist (playbook.yml here) to a
# freshly booted Debian test host (systemd-nspawn), first deploy and a no-change run; then `./mvnw chatgeist:deploy`
# (the real command, Maven's start included) does the same to another fresh host, and the plugin's own deploy
# phase (connect -> recap) is read from its recap. ROUNDS rounds (default 5); prints medians and ratios, and the
# transport floor (one connection, one batched probe, 44 single commands per SSH library).
# Needs root, like the test host. Usage: bench/deploy/run.sh   (ROUNDS=9 bench/deploy/run.sh)
set -euo pipefail
cd "$(dirname "$0")/../.."
bash .ci/setup-ssh.sh --bench
# the plugin (and the runtime's thin jar it depends on) into the local repository, for ./mvnw chatgeist:deploy
./mvnw -q -B install -DskipTests
rm -f chatgeist-maven-plugin/target/bench-*.txt
./mvnw -q -B -o -pl chatgeist-maven-plugin -am test -Dtest=DeployBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.rounds="${ROUNDS:-5}" >/dev/null
cat chatgeist-maven-plugin/target/bench-*.txt
