package dev.chatgeist.plugin.inventory;

/** A variable's winning value after the merge and the key that set it (for error locations). */
record HostVar(String key, YamlNode.Location keyLocation, YamlNode value) {}
