package dev.chatgeist.token;

import static dev.chatgeist.core.files.AtomicFiles.describe;

import dev.chatgeist.config.Home;
import dev.chatgeist.core.credentials.ClaudeCredentials;
import dev.chatgeist.core.credentials.CredentialsException;
import dev.chatgeist.core.credentials.CredentialsSource;
import dev.chatgeist.core.env.DotEnv;
import dev.chatgeist.core.files.AtomicFiles;
import dev.chatgeist.core.lock.ProcessLock;
import dev.chatgeist.core.log.EventLog;
import dev.chatgeist.core.process.ProgramRunner;
import dev.chatgeist.core.sandbox.ClaudeSandbox;
import dev.chatgeist.core.secret.Secrets;
import dev.chatgeist.token.SyncResult.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Keeps the sandbox's Claude token fresh: ping the Claude CLI (it refreshes a token about to expire), read the
 * credentials, put the access token into the home's {@code .env} (atomically, mode 0600, every other line kept) and,
 * only when it changed, recreate the sandbox with {@code docker compose down} + {@code up -d}.
 *
 * <p>A failed recreate leaves a marker file, so the next run recreates the sandbox even though the token in
 * {@code .env} no longer differs; without it a sandbox would keep an old token until the next refresh.
 *
 * <p>Why it is long: the steps of one run in order (lock, ping, read, expiry, write, recreate) with their log lines
 * and exit reasons; the run's state lives in {@link SyncRun} and the file work in AtomicFiles.
 */
public final class TokenSync {
    /** The .env key the sandbox takes its token from. */
    private static final String TOKEN_KEY = ClaudeSandbox.TOKEN_VARIABLE;
    /** Warn when the access token has less than this left. */
    public static final Duration EXPIRY_WARNING = Duration.ofHours(1);

    private static final String MARKER_TEXT =
            "the sandbox has not been recreated since .env changed; the next sync-token run does it\n";
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx");

    private final Home home;
    private final CredentialsSource source;
    private final ProgramRunner runner;
    private final SandboxRestarter restarter;
    private final Clock clock;
    private final EventLog console;
    private final AtomicFiles.BeforeRename beforeEnvRename;

    /** {@code console} gets the step-by-step messages; the run's summary line is the caller's to write. */
    public TokenSync(
            Home home,
            CredentialsSource source,
            ProgramRunner runner,
            SandboxRestarter restarter,
            Clock clock,
            EventLog console) {
        this(home, source, runner, restarter, clock, console, t -> {});
    }

    /** As above, with a hook between writing the new {@code .env} and renaming it into place (crash tests). */
    public TokenSync(
            Home home,
            CredentialsSource source,
            ProgramRunner runner,
            SandboxRestarter restarter,
            Clock clock,
            EventLog console,
            AtomicFiles.BeforeRename beforeEnvRename) {
        this.home = home;
        this.source = source;
        this.runner = runner;
        this.restarter = restarter;
        this.clock = clock;
        this.console = console;
        this.beforeEnvRename = beforeEnvRename;
    }

    /**
     * @param forceRestart   recreate the sandbox even when the token did not change
     * @param dryRun         read and report only: no ping, no file written, Docker untouched
     * @param credentialsOut also write the whole credentials JSON here (mode 0600), or null
     * @param pingTimeout    how long the Claude CLI may take to answer
     */
    public record Options(boolean forceRestart, boolean dryRun, Path credentialsOut, Duration pingTimeout) {}

    /** Where the "sandbox still has the old token" marker lives. */
    public static Path restartPendingFile(Home home) {
        return home.dir().resolve(".sync-token.restart-pending");
    }

    public static Path lockFile(Home home) {
        return home.dir().resolve(".sync-token.lock");
    }

    public SyncResult run(Options options) {
        SyncRun run = new SyncRun(options.dryRun(), source.kind(), console);
        try {
            if (!Files.isDirectory(home.dir())) {
                return run.fail(
                        SyncResult.BAD_SETUP,
                        "home directory " + home.dir() + " does not exist: pass --home "
                                + "DIR (or set CHATGEIST_HOME) to the directory with .env and docker-compose.yml");
            }
            Optional<ProcessLock> lock;
            try {
                lock = ProcessLock.tryAcquire(lockFile(home), Duration.ZERO);
            } catch (IOException e) {
                return run.fail(
                        SyncResult.WRITE_FAILED,
                        "cannot create " + lockFile(home) + " (" + describe(e)
                                + "): the home directory must be writable by the user this job runs as");
            }
            if (lock.isEmpty()) {
                console.info(
                        "another sync-token run is in progress (" + ProcessLock.describeHolder(lockFile(home))
                                + "); nothing to do",
                        "");
                run.busy = true;
                return run.finish(SyncResult.OK);
            }
            try (ProcessLock held = lock.get()) {
                return locked(run, options);
            }
        } catch (IOException | RuntimeException e) {
            return run.fail(
                    SyncResult.INTERNAL_ERROR,
                    "unexpected " + e.getClass().getSimpleName() + ": "
                            + Secrets.scrub(String.valueOf(e.getMessage()), run.secrets));
        }
    }

    private SyncResult locked(SyncRun run, Options options) {
        ping(run, options);

        ClaudeCredentials creds;
        try {
            creds = source.read();
        } catch (CredentialsException e) {
            return run.fail(e.exitCode(), e.getMessage());
        }
        run.secrets.add(creds.accessToken());
        creds.refreshTokenIfAny().ifPresent(run.secrets::add);
        run.tokenTail = Secrets.tail(creds.accessToken());
        boolean expired = reportExpiry(run, creds);

        Path envFile = home.envFile();
        DotEnv env;
        try {
            env = DotEnv.read(envFile);
        } catch (IOException e) {
            return run.fail(
                    SyncResult.WRITE_FAILED,
                    "cannot read " + envFile + " (" + describe(e) + "): fix the "
                            + "file's permissions or encoding (UTF-8); nothing was changed");
        }
        String token = creds.accessToken();
        DotEnv updated = env.with(TOKEN_KEY, token);
        run.changed = !token.equals(env.get(TOKEN_KEY).orElse(null));
        boolean envExists = Files.exists(envFile);
        boolean writeEnv = !envExists || !updated.render().equals(env.render());
        Path marker = restartPendingFile(home);
        boolean pending = Files.exists(marker);
        boolean restart = run.changed || options.forceRestart() || pending;

        if (options.dryRun()) {
            return dryRun(run, options, envFile, writeEnv, restart, pending, expired);
        }

        if (writeEnv && envExists && !Files.isWritable(envFile)) {
            run.env = Step.FAILED;
            return run.fail(
                    SyncResult.WRITE_FAILED,
                    envFile + " is read-only: make it writable for this user " + "(chmod 600 " + envFile
                            + "); nothing was changed and Docker was not touched");
        }
        boolean markerCreated = false;
        if (restart && !pending) {
            try {
                Files.writeString(marker, MARKER_TEXT, StandardCharsets.UTF_8);
                markerCreated = true;
            } catch (IOException e) {
                run.env = Step.FAILED;
                return run.fail(
                        SyncResult.WRITE_FAILED,
                        "cannot write in " + home.dir() + " (" + describe(e) + "): "
                                + "the home directory must be writable by this user; nothing was changed");
            }
        }
        if (writeEnv) {
            try {
                Path target = AtomicFiles.followLinks(envFile);
                AtomicFiles.deleteLeftovers(target);
                updated.writeAtomically(target, beforeEnvRename);
                run.env = Step.WRITTEN;
                console.info(
                        ".env: " + TOKEN_KEY
                                + (run.changed
                                        ? " set to the new token " + run.tokenTail
                                        : " rewritten (it was defined more than once)")
                                + " in " + envFile,
                        "");
            } catch (IOException e) {
                if (markerCreated) {
                    AtomicFiles.deleteQuietly(marker);
                }
                run.env = Step.FAILED;
                return run.fail(
                        SyncResult.WRITE_FAILED,
                        "cannot write " + envFile + " (" + describe(e) + "): the home "
                                + "directory must be writable by this user, since .env is replaced through a temporary file "
                                + "next to it; .env is unchanged and Docker was not touched");
            }
        } else {
            run.env = Step.UNCHANGED;
            console.info(".env: " + TOKEN_KEY + " already holds this token " + run.tokenTail, "");
            warnIfReadableByOthers(run, envFile);
        }

        int code = SyncResult.OK;
        if (options.credentialsOut() != null && !writeCredentials(run, options.credentialsOut(), creds)) {
            code = SyncResult.WRITE_FAILED;
        }

        if (restart) {
            if (!recreate(run, pending, restartPendingFile(home))) {
                code = SyncResult.RESTART_FAILED;
            }
        } else {
            run.restart = Step.NOT_NEEDED;
            console.info("sandbox: token unchanged, left running (--restart recreates it anyway)", "");
        }
        if (code == SyncResult.OK && expired) {
            code = SyncResult.TOKEN_EXPIRED;
        }
        return run.finish(code);
    }

    /** Recreates the sandbox; on failure the marker stays so that the next run tries again. */
    private boolean recreate(SyncRun run, boolean pending, Path marker) {
        String why = run.changed
                ? "the token changed"
                : pending ? "a previous recreate did not finish" : "--restart was given";
        console.info("sandbox: recreating (" + why + ")", "");
        SandboxRestarter.Outcome outcome = restarter.recreate(run.secrets);
        run.composeTool = outcome.tool();
        outcome.warnings().forEach(run::warn);
        if (outcome.ok()) {
            AtomicFiles.deleteQuietly(marker);
            run.restart = Step.DONE;
            console.info("sandbox: recreated (" + String.join(", ", outcome.commands()) + ")", "");
            return true;
        }
        run.restart = Step.FAILED;
        if (!Files.exists(marker)) {
            writeMarkerQuietly(marker);
        }
        run.error(outcome.problem());
        return false;
    }

    private SyncResult dryRun(
            SyncRun run,
            Options options,
            Path envFile,
            boolean writeEnv,
            boolean restart,
            boolean pending,
            boolean expired) {
        run.env = writeEnv ? Step.WOULD_WRITE : Step.UNCHANGED;
        console.info(
                "dry run: .env "
                        + (writeEnv
                                ? "would get " + TOKEN_KEY + "=" + run.tokenTail + " in " + envFile
                                : "already holds this token"),
                "");
        if (options.credentialsOut() != null) {
            run.credentialsOut = Step.WOULD_WRITE;
            console.info("dry run: would write the credentials JSON to " + options.credentialsOut(), "");
        }
        run.restart = restart ? Step.WOULD_RUN : Step.NOT_NEEDED;
        console.info(
                "dry run: "
                        + (restart
                                ? "would recreate the sandbox (docker compose down, docker compose up -d)"
                                        + (pending && !run.changed ? " because a previous recreate did not finish" : "")
                                : "Docker would not be touched"),
                "");
        return run.finish(expired ? SyncResult.TOKEN_EXPIRED : SyncResult.OK);
    }

    private void ping(SyncRun run, Options options) {
        if (options.dryRun()) {
            run.ping = Step.SKIPPED;
            return;
        }
        Optional<Path> claude = runner.find("claude");
        if (claude.isEmpty()) {
            run.ping = Step.ABSENT;
            run.warn("the Claude CLI (`claude`) is not on PATH (" + runner.path() + "), so it cannot refresh the token "
                    + "first; add its directory to the PATH of the launchd/cron job");
            return;
        }
        try {
            ProgramRunner.Result r =
                    runner.run(claude.get(), List.of("--print", "ping"), home.dir(), options.pingTimeout());
            if (r.timedOut()) {
                run.ping = Step.TIMEOUT;
                run.warn("`claude --print ping` did not answer within "
                        + options.pingTimeout().toSeconds()
                        + " s and was stopped; reading the credentials as they are");
            } else if (r.exitCode() != 0) {
                run.ping = Step.FAILED;
                run.warn("`claude --print ping` failed (exit " + r.exitCode() + ": "
                        + Secrets.lastLine(r.combinedOutput(), run.secrets) + "); reading the credentials as they are");
            } else {
                run.ping = Step.OK;
                console.info(
                        "claude: answered in "
                                + String.format(Locale.ROOT, "%.1f", r.elapsed().toMillis() / 1000.0) + " s",
                        "");
            }
        } catch (IOException e) {
            run.ping = Step.FAILED;
            run.warn("cannot run " + claude.get() + " (" + describe(e) + "); reading the credentials as they are");
        }
    }

    /** Reports when the token expires; true when it already has. */
    private boolean reportExpiry(SyncRun run, ClaudeCredentials creds) {
        Instant now = clock.instant();
        run.expiresAt = creds.expiresAt();
        run.remaining = creds.remaining(now);
        String at = ZonedDateTime.ofInstant(creds.expiresAt(), clock.getZone()).format(SHOWN);
        String from = source.describe();
        if (run.remaining.isNegative() || run.remaining.isZero()) {
            run.warn("the access token " + run.tokenTail + " from " + from + " expired at " + at + " ("
                    + SyncResult.formatDuration(run.remaining.negated()) + " ago) and the Claude CLI did not refresh "
                    + "it: run `claude` once as this user, or log in again (`claude auth login`)");
            return true;
        }
        if (run.remaining.compareTo(EXPIRY_WARNING) < 0) {
            run.warn("the access token " + run.tokenTail + " expires soon, at " + at + " (in "
                    + SyncResult.formatDuration(run.remaining) + "); the Claude CLI refreshes it when it runs, so "
                    + "check that `claude --print ping` works for this job");
        } else {
            console.info(
                    "credentials: token " + run.tokenTail + " from " + from + ", expires " + at + " (in "
                            + SyncResult.formatDuration(run.remaining) + ")",
                    "");
        }
        return false;
    }

    private boolean writeCredentials(SyncRun run, Path target, ClaudeCredentials creds) {
        try {
            if (AtomicFiles.writeStringIfChanged(target, creds.json() + "\n", AtomicFiles.OWNER_ONLY)) {
                run.credentialsOut = Step.WRITTEN;
                console.info("credentials: whole JSON written to " + target + " (mode 0600)", "");
            } else {
                run.credentialsOut = Step.UNCHANGED;
            }
            return true;
        } catch (IOException e) {
            run.credentialsOut = Step.FAILED;
            run.error(
                    "cannot write " + target + " (" + describe(e) + "): choose a writable " + "--credentials-out path");
            return false;
        }
    }

    private void warnIfReadableByOthers(SyncRun run, Path envFile) {
        try {
            if (AtomicFiles.accessibleByOthers(envFile)) {
                run.warn(envFile + " holds secrets but is readable by others: chmod 600 " + envFile);
            }
        } catch (IOException e) {
            // only a hint; the sync itself succeeded
        }
    }

    private static void writeMarkerQuietly(Path marker) {
        try {
            Files.writeString(marker, MARKER_TEXT, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // the error itself is reported; the marker only makes the next run retry
        }
    }
}
