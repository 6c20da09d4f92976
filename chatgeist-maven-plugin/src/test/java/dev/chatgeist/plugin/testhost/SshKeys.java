package dev.chatgeist.plugin.testhost;

import dev.chatgeist.plugin.transport.SshPublicKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Key pairs made by the real ssh-keygen, in the formats users have: OpenSSH (default) and legacy PEM. */
public final class SshKeys {
    private SshKeys() {}

    /** A key pair file and its public half. */
    public record KeyPair(Path privateKey, Path publicKeyFile, SshPublicKey publicKey) {
        public String authorizedKeysLine() throws IOException {
            return Files.readString(publicKeyFile).strip();
        }
    }

    /** ssh-keygen -t TYPE [-m PEM] -N PASSPHRASE -f DIR/NAME; {@code passphrase} "" for an unencrypted key. */
    public static KeyPair generate(Path dir, String name, String type, String passphrase, boolean pem)
            throws IOException {
        Path key = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of(
                Tools.require("/usr/bin/ssh-keygen").toString(),
                "-q",
                "-t",
                type,
                "-N",
                passphrase,
                "-C",
                name + "@chatgeist-test",
                "-f",
                key.toString()));
        if (type.equals("rsa")) {
            command.addAll(List.of("-b", "2048"));
        }
        if (pem) {
            command.addAll(List.of("-m", "PEM"));
        }
        Tools.run(command);
        return load(key);
    }

    public static KeyPair load(Path privateKey) throws IOException {
        Path pub = Path.of(privateKey + ".pub");
        String[] fields = Files.readString(pub).strip().split("\\s+");
        return new KeyPair(privateKey, pub, SshPublicKey.fromBase64(fields[1]));
    }
}
