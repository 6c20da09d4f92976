package dev.chatgeist.plugin.inventory;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The merged variables of one host with typed readers; every error points at the key or value that set the
 * variable (or at the host when a default was used) and names the host.
 */
final class HostVars {
    private final Path file;
    private final String host;
    private final YamlNode.Location hostAt;
    private final Map<String, HostVar> vars;

    HostVars(Path file, String host, YamlNode.Location hostAt, Map<String, HostVar> vars) {
        this.file = file;
        this.host = host;
        this.hostAt = hostAt;
        this.vars = vars;
    }

    Path file() {
        return file;
    }

    /** The variable as merged, or null when no level sets it. */
    HostVar get(String key) {
        return vars.get(key);
    }

    /** An error at the key (when {@code key} is the variable's own), at its value, or at the host when v is null. */
    InventoryException error(HostVar v, String key, String problem, String fix) {
        YamlNode.Location at = v == null
                ? hostAt
                : (key.equals(v.key()) ? v.keyLocation() : v.value().location());
        return new InventoryException(file, at.line(), at.column(), key, problem + " (host '" + host + "')", fix);
    }

    /** An error at the variable's value. */
    InventoryException valueError(HostVar v, String problem, String fix) {
        YamlNode.Location at = v.value().location();
        return new InventoryException(file, at.line(), at.column(), v.key(), problem + " (host '" + host + "')", fix);
    }

    /** A scalar as text, refused when it holds characters no rendered file can carry (see {@link ValueRules}). */
    Optional<String> string(String key, String expected) throws InventoryException {
        HostVar v = vars.get(key);
        if (v == null || (v.value() instanceof YamlNode.Scalar s && s.isNull())) {
            return Optional.empty();
        }
        if (v.value() instanceof YamlNode.Scalar s && !(s.value() instanceof Boolean)) {
            String text = s.value().toString();
            ValueRules.text(this, v, text);
            return Optional.of(text);
        }
        throw valueError(
                v, "must be " + expected + " but is " + YamlNode.describe(v.value()), "write it as " + expected);
    }

    boolean bool(String key) throws InventoryException {
        HostVar v = vars.get(key);
        if (v == null) {
            return false;
        }
        if (v.value() instanceof YamlNode.Scalar s) {
            if (s.value() instanceof Boolean b) {
                return b;
            }
            if (s.value() instanceof String str) {
                switch (str.toLowerCase()) {
                    case "yes", "true", "on", "1" -> {
                        return true;
                    }
                    case "no", "false", "off", "0" -> {
                        return false;
                    }
                    default -> {}
                }
            }
        }
        throw error(v, key, "must be true or false but is " + YamlNode.describe(v.value()), "write true or false");
    }

    /** Every variable as plain values, for templates. */
    Map<String, Object> plain() {
        Map<String, Object> plain = new LinkedHashMap<>();
        vars.forEach((k, v) -> plain.put(k, YamlNode.toPlain(v.value())));
        return Collections.unmodifiableMap(plain);
    }
}
