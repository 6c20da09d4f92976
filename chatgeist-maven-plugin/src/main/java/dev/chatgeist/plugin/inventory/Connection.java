package dev.chatgeist.plugin.inventory;

/**
 * How to reach a host, from Ansible's own connection variables.
 *
 * @param local          {@code ansible_connection: local}: the machine Maven runs on
 * @param address        {@code ansible_host} (null for local hosts)
 * @param port           {@code ansible_port}, 22 by default
 * @param user           {@code ansible_user}: the login user (null when not given)
 * @param privateKeyFile {@code ansible_ssh_private_key_file} with {@code ~} expanded locally (null when not given)
 * @param become         {@code ansible_become}: system paths are written through {@code sudo -n}
 */
public record Connection(boolean local, String address, int port, String user, String privateKeyFile, boolean become) {
    public String describe() {
        if (local) {
            return "local";
        }
        return (user == null ? "" : user + "@") + address + (port == 22 ? "" : ":" + port);
    }
}
