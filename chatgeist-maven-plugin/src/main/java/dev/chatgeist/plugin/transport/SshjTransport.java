package dev.chatgeist.plugin.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.net.SocketFactory;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.LoggerFactory;
import net.schmizz.sshj.common.SecurityUtils;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPublickey;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;
import org.slf4j.Logger;
import org.slf4j.helpers.NOPLogger;

/** The default SSH transport, on sshj: one {@link SSHClient} per host, one session channel per command. */
public final class SshjTransport extends AbstractSshTransport {
    /** sshj logs every handshake at INFO, which would flood Maven's console; errors reach us as exceptions. */
    private static final LoggerFactory QUIET = new LoggerFactory() {
        @Override
        public Logger getLogger(String name) {
            return NOPLogger.NOP_LOGGER;
        }

        @Override
        public Logger getLogger(Class<?> clazz) {
            return NOPLogger.NOP_LOGGER;
        }
    };

    /**
     * sshj's algorithm set, built once per JVM and never modified after, so every connection (and every parallel
     * fork) shares it. BouncyCastle is not registered as a JCE provider: registering it costs about 0.7 s of CPU
     * on a cold JVM (measured: config 140 ms instead of 850 ms, a whole connection 0.6 s instead of 1.3 s), and the
     * JDK's own providers do everything sshj asks of them here (X25519, Ed25519, ECDSA, RSA with SHA-2, AES-GCM/CTR,
     * ChaCha20-Poly1305, the legacy PEM ciphers) once "ECDSA" is known as the JDK's "EC" ({@link
     * EcdsaKeyFactoryAlias}); sshj still uses BouncyCastle's classes directly where it needs them (key file
     * parsing).
     */
    private static final class Defaults {
        static final DefaultConfig CONFIG = build();

        private static DefaultConfig build() {
            SecurityUtils.setRegisterBouncyCastle(false);
            EcdsaKeyFactoryAlias.install();
            DefaultConfig config = new DefaultConfig();
            config.setLoggerFactory(QUIET);
            config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
            return config;
        }
    }

    private final SSHClient client;

    /** Pays sshj's one-time start-up cost now (call it on a background thread while other work goes on). */
    public static void warmUp() {
        Defaults.CONFIG.getVersion();
    }

    private SshjTransport(SshTarget target, SSHClient client) {
        super(target, "sshj");
        this.client = client;
    }

    /** Connects, verifies the host key against known_hosts and logs in; the connection then serves every call. */
    public static SshjTransport connect(SshTarget target, Consumer<String> events) throws IOException {
        HostKeyGuard guard = new HostKeyGuard(target, events);
        SSHClient client = new SSHClient(Defaults.CONFIG);
        client.addHostKeyVerifier(new HostKeyVerifier() {
            @Override
            public boolean verify(String hostname, int port, PublicKey key) {
                return guard.verify(SshPublicKey.fromBlob(
                        new Buffer.PlainBuffer().putPublicKey(key).getCompactData()));
            }

            @Override
            public List<String> findExistingAlgorithms(String hostname, int port) {
                return guard.knownHostKeyAlgorithms();
            }
        });
        client.setConnectTimeout(CONNECT_TIMEOUT_MS);
        client.setSocketFactory(new NoDelaySockets());
        try {
            try {
                client.connect(target.host(), target.port());
            } catch (IOException e) {
                if (guard.rejection().isPresent()) {
                    throw guard.rejection().get();
                }
                throw SshLogin.connectFailed(target, e);
            }
            client.getConnection().getKeepAlive().setKeepAliveInterval(KEEPALIVE_SECONDS);
            authenticate(client, target);
            return new SshjTransport(target, client);
        } catch (IOException | RuntimeException e) {
            closeQuietly(client);
            throw e;
        }
    }

    private static void authenticate(SSHClient client, SshTarget target) throws IOException {
        SshLogin login = new SshLogin(target);
        login.checkKeyFileExists();
        List<AuthMethod> methods = new ArrayList<>();
        for (SshAgentClient.Identity identity : login.agentIdentities()) {
            methods.add(new SshjAgentAuth(new SshAgentClient(target.agentSocket()), identity.publicKey()));
        }
        if (target.privateKey() != null) {
            AtomicBoolean asked = new AtomicBoolean();
            KeyProvider key = client.loadKeys(target.privateKey().toString(), new PasswordFinder() {
                @Override
                public char[] reqPassword(Resource<?> resource) {
                    asked.set(true);
                    return target.passphrase().value().orElse(null);
                }

                @Override
                public boolean shouldRetry(Resource<?> resource) {
                    return false;
                }
            });
            try {
                key.getPrivate(); // decrypt now, so a wrong passphrase gets its own message
                login.keyFileUsable(SshPublicKey.fromBlob(
                        new Buffer.PlainBuffer().putPublicKey(key.getPublic()).getCompactData()));
                methods.add(new AuthPublickey(key));
            } catch (IOException | RuntimeException e) {
                if (asked.get() && target.passphrase().value().isEmpty()) {
                    login.keyFileEncryptedWithoutPassphrase();
                } else if (asked.get()) {
                    throw login.wrongPassphrase();
                } else {
                    throw login.unreadableKey(String.valueOf(e.getMessage()));
                }
            }
        }
        if (login.nothingToTry()) {
            throw login.noIdentity();
        }
        try {
            client.auth(target.user(), methods);
        } catch (UserAuthException e) {
            throw login.refused();
        }
    }

    @Override
    protected ExecResult run(String commandLine, Stdin stdin, Predicate<String> lines) throws IOException {
        if (!client.isConnected()) {
            throw new IOException("the SSH connection to " + describe() + " is closed");
        }
        try (Session session = client.startSession()) {
            Session.Command command = session.exec(commandLine);
            Outputs outputs = pump(
                    command.getInputStream(),
                    command.getErrorStream(),
                    command.getOutputStream(),
                    stdin,
                    lines,
                    () -> awaitEnd(command));
            command.join(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Integer status = command.getExitStatus();
            return outputs.result(status == null ? NO_EXIT_STATUS : status);
        } catch (IOException e) {
            if (!client.isConnected()) {
                throw new IOException("lost the SSH connection to " + describe() + ": " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /**
     * Waits for the exit status rather than the channel's close: sshj cannot process the close while a stdin
     * writer is blocked on a full window (it holds the stream's lock), which pump() only cancels after this.
     */
    private void awaitEnd(Session.Command command) throws IOException {
        try {
            while (command.getExitStatus() == null && command.getExitSignal() == null && command.isOpen()) {
                if (!client.isConnected()) {
                    throw new IOException("lost the SSH connection to " + describe());
                }
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running a command on " + describe(), e);
        }
    }

    @Override
    protected void disconnect() throws IOException {
        client.disconnect();
    }

    /**
     * Sockets without Nagle's algorithm: sshj leaves it on, and every small request then waits out the server's
     * delayed ACK (~40 ms per command, measured: 44 commands took 2.2 s instead of 0.34 s). jsch turns it off too.
     */
    private static final class NoDelaySockets extends SocketFactory {
        @Override
        public Socket createSocket() throws IOException {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            Socket socket = createSocket();
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            return socket;
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            Socket socket = createSocket();
            socket.bind(new InetSocketAddress(localHost, localPort));
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            return socket;
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            Socket socket = createSocket();
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            return socket;
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            Socket socket = createSocket();
            socket.bind(new InetSocketAddress(localAddress, localPort));
            socket.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MS);
            return socket;
        }
    }

    private static void closeQuietly(SSHClient client) {
        try {
            client.disconnect();
        } catch (IOException | RuntimeException ignored) {
            // the connection failed already; its first error is the one to report
        }
    }
}
