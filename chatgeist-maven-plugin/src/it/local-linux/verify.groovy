// Checks what the nine invocations left behind, then removes the throwaway user.
def sh(String cmd) {
    def p = ['sh', '-c', cmd].execute()
    def out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream()
    p.waitForProcessOutput(out, err)
    return [p.exitValue(), out.toByteArray(), err.toString()]
}
def user = new File(basedir, 'user.txt').text.trim()
try {
    def log = new File(basedir, 'build.log').text
    def runs = log.split(/(?m)^(?=\[INFO\] Scanning for projects)/).findAll { it.contains('BUILD') }
    assert runs.size() == 9 : "expected 9 Maven runs in build.log, found ${runs.size()}"

    // 1 render: every host's files under target/chatgeist/<host>/, no side effects
    assert new File(basedir, 'target/chatgeist/local/chatgeist.crontab').text.contains('0 */4 * * * cd ')
    assert new File(basedir, 'target/chatgeist/server/chatgeist-bot.service').text.contains('User=bot')
    assert new File(basedir, 'target/chatgeist/local/sandbox/Dockerfile').text.contains('project override for local')
    assert runs[0].contains('built-in crontab.ftl') && runs[0].contains('templates/Dockerfile.ftl')

    // 2 first install: changes, a diff of the crontab, the bot skipped with the reason
    assert runs[1] =~ /changed: \[local\] crontab block 'chatgeist' of cgit\w+ \(block installed\)/
    assert runs[1].contains('+# BEGIN chatgeist')
    assert runs[1].contains("systemd user units are installed only for the user running Maven")
    assert runs[1] =~ /local\s+: ok=\d+\s+changed=\d+\s+failed=0/

    // 3 second install: everything ok, nothing changed
    assert runs[2] =~ /local\s+: ok=\d+\s+changed=0\s+failed=0/
    assert !runs[2].contains('changed: [')

    // 4 check mode with another schedule: reports the change, the crontab keeps the first schedule (checked below)
    assert runs[3].contains('check mode: nothing will be changed')
    assert runs[3] =~ /changed: \[local\] crontab block 'chatgeist' of cgit\w+ \(block updated; check mode: not applied\)/
    assert runs[3].contains('+0 * * * * cd ')

    // 5 status
    assert runs[4] =~ /update \(cron "[^"]+"\): installed; crontab line active; last run never seen/
    assert runs[4].contains('next run')

    // 6 broken inventory: the documented error with file, line and key
    assert runs[5] =~ /broken\.yaml:6:\d+: key 'chatgeist_jobs\.update' bad cron expression "0 \*\/4 \* \* \* \*": expected five fields/
    assert runs[5].contains('BUILD FAILURE')

    // 7 uninstall: block removed, the user's own lines byte for byte
    assert runs[6] =~ /changed: \[local\] crontab block 'chatgeist' of cgit\w+ \(block removed\)/
    def (rc, cron, err) = sh("crontab -u $user -l")
    assert rc == 0 : err
    assert Arrays.equals(cron, new File(basedir, 'foreign.crontab').bytes) : "crontab after uninstall: ${new String(cron)}"

    // 8 help documents every goal and parameter
    for (goal in ['render', 'install-local', 'uninstall-local', 'status', 'deploy', 'rollback', 'push-credentials',
                  'run', 'stop', 'start', 'restart', 'logs', 'doctor', 'help']) {
        assert runs[7].contains("chatgeist:$goal") : "help lacks $goal"
    }
    for (p in ['chatgeist.inventory', 'chatgeist.limit', 'chatgeist.check', 'chatgeist.diff', 'chatgeist.skip',
               'chatgeist.templates', 'chatgeist.runtimeJar', 'chatgeist.targets', 'chatgeist.prompts',
               'chatgeist.envFile', 'chatgeist.outputDirectory', 'chatgeist.tail', 'chatgeist.knownHosts',
               'chatgeist.acceptNewHostKey', 'chatgeist.forks', 'chatgeist.passphraseEnv',
               'chatgeist.healthCheckSeconds', 'chatgeist.credentialsFrom', 'chatgeist.credentialsFile',
               'chatgeist.job', 'chatgeist.lines', 'chatgeist.follow', 'chatgeist.resume',
               'chatgeist.runTimeoutSeconds']) {
        assert runs[7].contains("User property: $p") : "help lacks $p"
    }

    // 9 deploy: local hosts are left to install-local; an SSH host that cannot be logged in to fails the build
    assert runs[8].contains('host local is local (ansible_connection: local): chatgeist:deploy skips it')
    assert runs[8].contains('chatgeist:deploy failed on 1 of 1 host:') && runs[8].contains('server: connect bot@192.0.2.10')
    assert runs[8].contains('BUILD FAILURE')

    // the app dir got the files; the real HOME got nothing
    def app = new File(basedir, 'app')
    assert new File(app, 'chatgeist-runtime.jar').text == 'stand-in runtime jar'
    assert new File(app, 'targets.json').text == new File(basedir, 'targets.json').text
    assert new File(app, 'logs').isDirectory() && new File(app, 'databases').isDirectory()
    assert new File(app, 'docker-compose.yml').text.contains('claude-sandbox')
    return true
} finally {
    sh("crontab -u $user -r")
    sh("userdel $user")
}
