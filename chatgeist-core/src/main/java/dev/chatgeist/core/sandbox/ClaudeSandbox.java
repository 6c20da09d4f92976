package dev.chatgeist.core.sandbox;

/**
 * The Docker sandbox the bot's analyst runs the Claude CLI in: the plugin renders its docker-compose.yml and puts the
 * token into the host's .env, the runtime execs into it and recreates it when the token changes. Both must agree.
 */
public final class ClaudeSandbox {
    /** The container's name ({@code container_name} in docker-compose.yml). */
    public static final String CONTAINER = "claude-sandbox";
    /** Where the SQLite archives are mounted read-only inside the container. */
    public static final String DATABASES_DIR = "/workspace/dbs";
    /** The .env variable that hands the Claude OAuth token to the container. */
    public static final String TOKEN_VARIABLE = "CLAUDE_CODE_OAUTH_TOKEN";

    private ClaudeSandbox() {}
}
