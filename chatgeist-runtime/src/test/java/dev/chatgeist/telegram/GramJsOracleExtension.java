package dev.chatgeist.telegram;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** One GramJS oracle process (Node) for a test class: started before its tests, stopped after them. */
public final class GramJsOracleExtension implements BeforeAllCallback, AfterAllCallback {
    private GramJsOracle oracle;

    public GramJsOracle oracle() {
        return oracle;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        oracle = new GramJsOracle();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        oracle.close();
    }
}
