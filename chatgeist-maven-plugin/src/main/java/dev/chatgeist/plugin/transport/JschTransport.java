package dev.chatgeist.plugin.transport;

import com.jcraft.jsch.AgentIdentityRepository;
import com.jcraft.jsch.AgentProxyException;
import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.Identity;
import com.jcraft.jsch.IdentityRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import com.jcraft.jsch.Logger;
import com.jcraft.jsch.SSHAgentConnector;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.UnixDomainSocketFactory;
import com.jcraft.jsch.UserInfo;
import java.io.IOException;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Vector;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** The alternative SSH transport ({@code chatgeist_transport: jsch}), on the maintained jsch fork. */
public final class JschTransport extends AbstractSshTransport {
    private static final Logger SILENT = new Logger() {
        @Override
        public boolean isEnabled(int level) {
            return false;
        }

        @Override
        public void log(int level, String message) {
            // jsch's own messages are not shown; failures reach us as exceptions
        }
    };

    private final Session session;

    /** Loads jsch's classes and crypto ahead of the first connection (much cheaper than sshj's). */
    public static void warmUp() {
        JSch.getConfig("server_host_key");
        try {
            javax.crypto.KeyAgreement.getInstance("X25519");
            javax.crypto.Cipher.getInstance("AES/CTR/NoPadding");
        } catch (java.security.GeneralSecurityException e) {
            // only a warm-up: the connection reports what is really missing
        }
    }

    private JschTransport(SshTarget target, Session session) {
        super(target, "jsch");
        this.session = session;
    }

    /** Connects, verifies the host key against known_hosts and logs in; the session then serves every call. */
    public static JschTransport connect(SshTarget target, Consumer<String> events) throws IOException {
        HostKeyGuard guard = new HostKeyGuard(target, events);
        JSch jsch = new JSch();
        jsch.setInstanceLogger(SILENT);
        jsch.setHostKeyRepository(new GuardedHostKeys(guard, target));
        SshLogin login = new SshLogin(target);
        login.checkKeyFileExists();
        List<Identity> agentIdentities = agentIdentities(target, login);
        addKeyFile(jsch, target, login);
        if (agentIdentities.isEmpty() && login.nothingToTry()) {
            throw login.noIdentity();
        }
        jsch.setIdentityRepository(new AgentFirst(agentIdentities, jsch.getIdentityRepository()));

        Session session;
        try {
            session = jsch.getSession(target.user(), target.host(), target.port());
        } catch (JSchException e) {
            throw SshLogin.connectFailed(target, e);
        }
        session.setConfig("StrictHostKeyChecking", "yes");
        session.setConfig("PreferredAuthentications", "publickey");
        session.setConfig("server_host_key", hostKeyAlgorithms(guard.knownHostKeyAlgorithms()));
        try {
            session.setServerAliveInterval(KEEPALIVE_SECONDS * 1000);
            session.setServerAliveCountMax(4);
            session.connect(CONNECT_TIMEOUT_MS);
            return new JschTransport(target, session);
        } catch (JSchException e) {
            session.disconnect();
            if (guard.rejection().isPresent()) {
                throw guard.rejection().get();
            }
            if (String.valueOf(e.getMessage()).startsWith("Auth fail")) {
                throw login.refused();
            }
            throw SshLogin.connectFailed(target, e);
        }
    }

    private static List<Identity> agentIdentities(SshTarget target, SshLogin login) {
        if (login.agentIdentities().isEmpty()) { // also records the keys (or why there are none) for messages
            return List.of();
        }
        try {
            SSHAgentConnector connector = new SSHAgentConnector(new UnixDomainSocketFactory(), target.agentSocket());
            return new ArrayList<>(new AgentIdentityRepository(connector).getIdentities());
        } catch (AgentProxyException e) {
            return List.of();
        }
    }

    private static void addKeyFile(JSch jsch, SshTarget target, SshLogin login) throws IOException {
        if (target.privateKey() == null) {
            return;
        }
        String file = target.privateKey().toString();
        KeyPair pair;
        try {
            pair = KeyPair.load(jsch, file);
        } catch (JSchException e) {
            throw login.unreadableKey(String.valueOf(e.getMessage()));
        }
        byte[] passphrase = null;
        try {
            if (pair.isEncrypted()) {
                if (target.passphrase().value().isEmpty()) {
                    login.keyFileEncryptedWithoutPassphrase();
                    return;
                }
                passphrase = utf8(target.passphrase().value().get());
                if (!pair.decrypt(passphrase)) {
                    throw login.wrongPassphrase();
                }
            }
            login.keyFileUsable(SshPublicKey.fromBlob(pair.getPublicKeyBlob()));
            jsch.addIdentity(file, passphrase);
        } catch (JSchException e) {
            throw login.unreadableKey(String.valueOf(e.getMessage()));
        } finally {
            pair.dispose();
            if (passphrase != null) {
                Arrays.fill(passphrase, (byte) 0);
            }
        }
    }

    /** jsch's algorithm list with the host's known key types first, so that it asks for the key we have on file. */
    private static String hostKeyAlgorithms(List<String> known) {
        Set<String> ordered = new LinkedHashSet<>(known);
        ordered.addAll(Arrays.asList(JSch.getConfig("server_host_key").split(",")));
        return String.join(",", ordered);
    }

    @Override
    protected ExecResult run(String commandLine, Stdin stdin, Predicate<String> lines) throws IOException {
        if (!session.isConnected()) {
            throw new IOException("the SSH connection to " + describe() + " is closed");
        }
        ChannelExec channel;
        try {
            channel = (ChannelExec) session.openChannel("exec");
        } catch (JSchException e) {
            throw lost(e);
        }
        try {
            channel.setCommand(commandLine.getBytes(StandardCharsets.UTF_8));
            var stdout = channel.getInputStream();
            var stderr = channel.getErrStream();
            var stdinStream = channel.getOutputStream();
            // no timeout argument: jsch then polls every 10 ms and notices a dead session at once (with a
            // timeout it sleeps the whole timeout when the connection drops between two commands)
            channel.connect();
            Outputs outputs = pump(stdout, stderr, stdinStream, stdin, lines, () -> awaitClose(channel));
            int status = channel.getExitStatus();
            if (status == -1 && droppedSoon()) {
                throw new IOException("lost the SSH connection to " + describe());
            }
            return outputs.result(status == -1 ? NO_EXIT_STATUS : status);
        } catch (JSchException e) {
            throw lost(e);
        } catch (IOException e) {
            String lost = "lost the SSH connection to " + describe();
            if (!session.isConnected() && !String.valueOf(e.getMessage()).startsWith(lost)) {
                throw new IOException(lost + ": " + e.getMessage(), e);
            }
            throw e;
        } finally {
            channel.disconnect();
        }
    }

    /**
     * A channel that closed without an exit status: the command was killed by a signal, or the connection is
     * dropping and jsch's reader thread has not noticed yet. Gives it a moment to tell the two apart.
     */
    private boolean droppedSoon() {
        for (int i = 0; i < 50 && session.isConnected(); i++) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return !session.isConnected();
    }

    /** jsch has no join(): poll for the close, which comes right after the exit status. */
    private void awaitClose(ChannelExec channel) throws IOException {
        try {
            while (!channel.isClosed()) {
                if (!session.isConnected()) {
                    throw new IOException("lost the SSH connection to " + describe());
                }
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running a command on " + describe(), e);
        }
    }

    private IOException lost(JSchException e) {
        return new IOException(
                (session.isConnected() ? "SSH channel failed on " : "lost the SSH connection to ") + describe() + ": "
                        + e.getMessage(),
                e);
    }

    @Override
    protected void disconnect() {
        session.disconnect();
    }

    private static byte[] utf8(char[] chars) {
        var buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        Arrays.fill(chars, '\0');
        return bytes;
    }

    /** Agent identities first, then the key file, as ssh(1) orders them; never adds keys to the agent. */
    private static final class AgentFirst implements IdentityRepository {
        private final List<Identity> agent;
        private final IdentityRepository local;

        AgentFirst(List<Identity> agent, IdentityRepository local) {
            this.agent = agent;
            this.local = local;
        }

        @Override
        public String getName() {
            return "agent + key file";
        }

        @Override
        public int getStatus() {
            return RUNNING;
        }

        @Override
        public Vector<Identity> getIdentities() {
            Vector<Identity> all = new Vector<>(agent);
            all.addAll(local.getIdentities());
            return all;
        }

        @Override
        public boolean add(byte[] identity) {
            return false;
        }

        @Override
        public boolean remove(byte[] blob) {
            return false;
        }

        @Override
        public void removeAll() {
            // identities live in the agent and the key file; nothing to forget here
        }
    }

    /** Hands every host key jsch sees to the shared {@link HostKeyGuard}; jsch itself records nothing. */
    private static final class GuardedHostKeys implements HostKeyRepository {
        private final HostKeyGuard guard;
        private final SshTarget target;

        GuardedHostKeys(HostKeyGuard guard, SshTarget target) {
            this.guard = guard;
            this.target = target;
        }

        @Override
        public int check(String host, byte[] key) {
            if (guard.verify(SshPublicKey.fromBlob(key))) {
                return OK;
            }
            return guard.rejection()
                    .map(r -> r.reason() == HostKeyRejectedException.Reason.UNKNOWN ? NOT_INCLUDED : CHANGED)
                    .orElse(CHANGED);
        }

        @Override
        public void add(HostKey hostkey, UserInfo ui) {
            // the guard records accepted keys itself
        }

        @Override
        public void remove(String host, String type) {}

        @Override
        public void remove(String host, String type, byte[] key) {}

        @Override
        public String getKnownHostsRepositoryID() {
            return target.knownHosts().toString();
        }

        @Override
        public HostKey[] getHostKey() {
            return new HostKey[0];
        }

        @Override
        public HostKey[] getHostKey(String host, String type) {
            return new HostKey[0];
        }
    }
}
