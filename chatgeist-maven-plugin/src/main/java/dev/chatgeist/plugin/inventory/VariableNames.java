package dev.chatgeist.plugin.inventory;

import java.nio.file.Path;
import java.util.Set;

/** Which variable names the inventory accepts: ours, Ansible's connection variables, and what is refused. */
public final class VariableNames {
    /** Our variables; anything else prefixed {@code chatgeist_} is a typo and rejected. */
    public static final Set<String> CHATGEIST_VARS = Set.of(
            "chatgeist_platform",
            "chatgeist_app_dir",
            "chatgeist_java",
            "chatgeist_jobs",
            "chatgeist_transport",
            "chatgeist_user",
            "chatgeist_scheduler");
    /** Ansible connection variables we act on. */
    public static final Set<String> ANSIBLE_VARS = Set.of(
            "ansible_host",
            "ansible_port",
            "ansible_user",
            "ansible_ssh_private_key_file",
            "ansible_connection",
            "ansible_become");
    /** Ansible variables that are harmless to find in a reused inventory and that we ignore. */
    static final Set<String> ANSIBLE_IGNORED = Set.of(
            "ansible_python_interpreter",
            "ansible_become_method",
            "ansible_become_user",
            "ansible_ssh_common_args",
            "ansible_ssh_extra_args",
            "ansible_shell_type",
            "ansible_ssh_user",
            "ansible_ssh_host",
            "ansible_ssh_port");

    private static final Set<String> PASSWORD_VARS = Set.of(
            "ansible_password",
            "ansible_ssh_pass",
            "ansible_become_password",
            "ansible_become_pass",
            "ansible_sudo_pass");

    private VariableNames() {}

    /** Refuses passwords, unknown {@code chatgeist_*} keys and {@code ansible_*} keys we do not understand. */
    static void check(Path file, YamlNode.Entry e) throws InventoryException {
        String k = e.key();
        YamlNode.Location at = e.keyLocation();
        if (PASSWORD_VARS.contains(k)) {
            throw new InventoryException(
                    file,
                    at.line(),
                    at.column(),
                    k,
                    "is not supported: passwords do not belong in the inventory",
                    "use key authentication (ansible_ssh_private_key_file) and passwordless sudo");
        }
        if (k.startsWith("chatgeist_") && !CHATGEIST_VARS.contains(k)) {
            throw new InventoryException(
                    file,
                    at.line(),
                    at.column(),
                    k,
                    "is not a ChatGeist variable",
                    "known ones are "
                            + String.join(", ", CHATGEIST_VARS.stream().sorted().toList())
                            + Suggestions.didYouMean(k, CHATGEIST_VARS));
        }
        if (k.startsWith("ansible_") && !ANSIBLE_VARS.contains(k) && !ANSIBLE_IGNORED.contains(k)) {
            throw new InventoryException(
                    file,
                    at.line(),
                    at.column(),
                    k,
                    "is an Ansible variable ChatGeist does not understand",
                    "supported: "
                            + String.join(", ", ANSIBLE_VARS.stream().sorted().toList())
                            + Suggestions.didYouMean(k, ANSIBLE_VARS));
        }
    }
}
