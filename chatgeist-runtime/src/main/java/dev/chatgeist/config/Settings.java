package dev.chatgeist.config;

import dev.chatgeist.core.UserException;
import dev.chatgeist.core.env.DotEnv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Configuration values: the home's {@code .env}, overridden by real environment variables. */
public final class Settings {
    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static Settings load(Home home, Map<String, String> environment) {
        Map<String, String> merged = new HashMap<>();
        try {
            merged.putAll(DotEnv.read(home.envFile()).values());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + home.envFile(), e);
        }
        merged.putAll(environment);
        return new Settings(merged);
    }

    public static Settings of(Map<String, String> values) {
        return new Settings(values);
    }

    public Optional<String> get(String key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    public String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    public int getInt(String key, int defaultValue) {
        Optional<String> v = get(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.get());
        } catch (NumberFormatException e) {
            throw new UserException(
                    key + "='" + v.get() + "' is not a whole number; fix it in .env or the environment");
        }
    }

    public String require(String key, String hint) {
        return get(key).orElseThrow(() -> new UserException(key + " is not set: " + hint));
    }
}
