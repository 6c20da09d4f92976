package dev.chatgeist.plugin.transport;

/** The transport contract on jsch against a real OpenSSH sshd. */
class JschTransportTest extends SshTransportContract {
    @Override
    protected SshLibrary library() {
        return SshLibrary.JSCH;
    }
}
