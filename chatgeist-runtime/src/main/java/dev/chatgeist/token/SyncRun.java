package dev.chatgeist.token;

import dev.chatgeist.core.log.EventLog;
import dev.chatgeist.core.secret.Secrets;
import dev.chatgeist.token.SyncResult.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one {@link TokenSync} run has found and done so far, and the {@link SyncResult} it makes of it. Every warning
 * and error is scrubbed of the run's secrets before it is kept or shown.
 */
final class SyncRun {
    final boolean dryRun;
    final String sourceKind;
    final List<String> secrets = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    private final EventLog console;
    boolean busy;
    String tokenTail;
    Boolean changed;
    Instant expiresAt;
    Duration remaining;
    Step ping = Step.SKIPPED;
    Step env = Step.SKIPPED;
    Step credentialsOut = Step.NONE;
    Step restart = Step.SKIPPED;
    String composeTool;

    SyncRun(boolean dryRun, String sourceKind, EventLog console) {
        this.dryRun = dryRun;
        this.sourceKind = sourceKind;
        this.console = console;
    }

    void warn(String message) {
        String m = Secrets.scrub(message, secrets);
        warnings.add(m);
        console.warn(m, "");
    }

    void error(String message) {
        String m = Secrets.scrub(message, secrets);
        errors.add(m);
        console.error(m, "");
    }

    SyncResult fail(int code, String message) {
        error(message);
        return finish(code);
    }

    SyncResult finish(int code) {
        return new SyncResult(
                code,
                dryRun,
                busy,
                sourceKind,
                tokenTail,
                changed,
                expiresAt,
                remaining,
                ping,
                env,
                credentialsOut,
                restart,
                composeTool,
                warnings,
                errors);
    }
}
