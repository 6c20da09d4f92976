package dev.chatgeist.plugin.testing;

import dev.chatgeist.plugin.transport.Transport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Passes everything to {@code inner} and records each round trip ("exec CMD", "become", "upload PATH",
 * "write PATH"): what a no-change run over SSH pays for. The list may be shared by several connections.
 */
public final class CountingTransport implements Transport {
    private final Transport inner;
    private final List<String> commands;

    public CountingTransport(Transport inner) {
        this(inner, new CopyOnWriteArrayList<>());
    }

    public CountingTransport(Transport inner, List<String> commands) {
        this.inner = inner;
        this.commands = commands;
    }

    public List<String> commands() {
        return commands;
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public ExecResult exec(String command, byte[] stdin) throws IOException {
        commands.add("exec " + command);
        return inner.exec(command, stdin);
    }

    @Override
    public Transport become() {
        commands.add("become");
        return inner.become();
    }

    @Override
    public void upload(Path local, String remotePath, String mode) throws IOException {
        commands.add("upload " + remotePath);
        inner.upload(local, remotePath, mode);
    }

    @Override
    public void write(byte[] content, String remotePath, String mode) throws IOException {
        commands.add("write " + remotePath);
        inner.write(content, remotePath, mode);
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
