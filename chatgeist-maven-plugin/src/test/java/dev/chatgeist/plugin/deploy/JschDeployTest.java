package dev.chatgeist.plugin.deploy;

import dev.chatgeist.plugin.testhost.DebianTestHost;
import dev.chatgeist.plugin.transport.SshLibrary;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The deploy scenarios over jsch (chatgeist_transport: jsch). */
class JschDeployTest extends DeployScenarios {
    @RegisterExtension
    static final DebianTestHost HOST = new DebianTestHost();

    @Override
    protected DebianTestHost host() {
        return HOST;
    }

    @Override
    protected SshLibrary library() {
        return SshLibrary.JSCH;
    }
}
