package dev.chatgeist.plugin.transport;

import java.io.IOException;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AbstractAuthMethod;

/**
 * sshj's "publickey" method with the signature made by ssh-agent (RFC 4252 section 7): first ask whether the key
 * is acceptable, then send the request signed over session id + request. One instance per agent identity.
 */
final class SshjAgentAuth extends AbstractAuthMethod {
    private final SshAgentClient agent;
    private final SshPublicKey key;

    SshjAgentAuth(SshAgentClient agent, SshPublicKey key) {
        super("publickey");
        this.agent = agent;
        this.key = key;
    }

    @Override
    protected SSHPacket buildReq() throws UserAuthException {
        return request(false);
    }

    @Override
    public void handle(Message msg, SSHPacket buf) throws UserAuthException, TransportException {
        if (msg != Message.USERAUTH_60) {
            super.handle(msg, buf);
            return;
        }
        SSHPacket signed = request(true);
        byte[] data = new Buffer.PlainBuffer()
                .putString(params.getTransport().getSessionID())
                .putBuffer(signed)
                .getCompactData();
        try {
            signed.putString(agent.sign(key.blob(), data, signFlags()));
        } catch (IOException e) {
            throw new UserAuthException("ssh-agent could not sign with " + key + ": " + e.getMessage(), e);
        }
        params.getTransport().write(signed);
    }

    private SSHPacket request(boolean withSignature) throws UserAuthException {
        return super.buildReq().putBoolean(withSignature).putString(algorithm()).putString(key.blob());
    }

    /** RSA keys sign with SHA-256 (OpenSSH refuses SHA-1 "ssh-rsa" signatures since 8.8). */
    private String algorithm() {
        return key.type().equals("ssh-rsa") ? "rsa-sha2-256" : key.type();
    }

    private int signFlags() {
        return key.type().equals("ssh-rsa") ? SshAgentClient.RSA_SHA2_256 : 0;
    }

    @Override
    public String toString() {
        return "agent key " + key;
    }
}
