package dev.chatgeist.plugin.transport;

/** The transport contract on sshj against a real OpenSSH sshd. */
class SshjTransportTest extends SshTransportContract {
    @Override
    protected SshLibrary library() {
        return SshLibrary.SSHJ;
    }
}
