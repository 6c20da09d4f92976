package dev.chatgeist.plugin.deploy;

import dev.chatgeist.plugin.testhost.DebianTestHost;
import dev.chatgeist.plugin.transport.SshLibrary;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The deploy scenarios over sshj (the default library). */
class SshjDeployTest extends DeployScenarios {
    @RegisterExtension
    static final DebianTestHost HOST = new DebianTestHost();

    @Override
    protected DebianTestHost host() {
        return HOST;
    }

    @Override
    protected SshLibrary library() {
        return SshLibrary.SSHJ;
    }
}
