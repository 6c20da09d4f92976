package dev.chatgeist.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Small shell scripts that stand in for programs which cannot run on a Linux test machine: the Claude CLI (needs
 * Anthropic's servers and a subscription), macOS {@code security} (needs the macOS Keychain) and the Docker CLI /
 * docker-compose (need a running Docker engine). Each one appends its command line, working directory and whether
 * {@code CLAUDE_CODE_OAUTH_TOKEN} was in its environment to {@code calls.log}, then answers the way the real program
 * does (messages and exit statuses taken from their documentation and, for the Docker CLI, from the real client
 * 28.2.2 without the Compose plugin).
 */
public final class StandIns {
    public enum Claude {
        OK,
        FAIL,
        HANG
    }

    public enum Security {
        FOUND,
        MISSING,
        LOCKED
    }

    public enum Docker {
        OK,
        DAEMON_DOWN,
        DOWN_FAILS,
        NO_COMPOSE_OLD,
        NO_COMPOSE_NEW
    }

    public enum DockerCompose {
        OK,
        DAEMON_DOWN
    }

    /** What real Docker (CLI 28.x, Compose v2) prints when the daemon or Docker Desktop is not running. */
    public static final String DAEMON_DOWN_MESSAGE =
            "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?";

    private final Path bin;
    private final Path calls;

    public StandIns(Path root) throws IOException {
        this.bin = Files.createDirectories(root.resolve("bin"));
        this.calls = root.resolve("calls.log");
    }

    public Path bin() {
        return bin;
    }

    /** The recorded calls, one per line: {@code docker compose down @/tmp/home token_env=unset}. */
    public List<String> calls() {
        try {
            return Files.exists(calls) ? Files.readAllLines(calls, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The calls without the environment note, for asserting the command sequence. */
    public List<String> commands() {
        return calls().stream().map(l -> l.substring(0, l.indexOf(" @"))).toList();
    }

    public void clearCalls() throws IOException {
        Files.deleteIfExists(calls);
    }

    public void remove(String program) throws IOException {
        Files.deleteIfExists(bin.resolve(program));
    }

    /**
     * The Claude Code CLI. {@code refreshFrom}, when not null, is copied over {@code credentialsFile} on a ping: the
     * real CLI writes a refreshed token to its credentials store when the old one is about to expire.
     */
    public void claude(Claude mode, Path refreshFrom, Path credentialsFile) throws IOException {
        String body = switch (mode) {
            case OK ->
                (refreshFrom == null ? "" : "cp " + q(refreshFrom) + " " + q(credentialsFile) + "\n")
                        + "echo 'Pong! How can I help you today?'\nexit 0\n";
            case FAIL -> "echo 'Invalid API key · Please run /login'\nexit 1\n";
            case HANG -> "sleep 30\nexit 0\n";
        };
        write("claude", """
                # Stand-in for the Claude Code CLI (`claude --print "ping"`). The real CLI talks to Anthropic's
                # servers with a logged-in subscription; neither exists on a test machine.
                [ "$1" = "--print" ] || { echo "claude stand-in: unexpected arguments: $*" >&2; exit 64; }
                """ + body);
    }

    /** macOS {@code security}: {@code itemFile} holds the password of the "Claude Code-credentials" item. */
    public void security(Security mode, Path itemFile) throws IOException {
        String found = switch (mode) {
            case FOUND -> "cat " + q(itemFile) + "\necho\nexit 0\n";
            case MISSING -> "not_found\n";
            case LOCKED ->
                "echo 'security: SecKeychainSearchCopyNext: User interaction is not allowed.' >&2\n" + "exit 36\n";
        };
        write("security", """
                # Stand-in for macOS /usr/bin/security. The real one reads the macOS Keychain, which exists only on
                # macOS. `find-generic-password -s SERVICE -w` prints the password and a newline; an unknown item
                # gives errSecItemNotFound: a message on stderr and exit status 44.
                not_found() {
                  echo 'security: SecKeychainSearchCopyNext: The specified item could not be found in the keychain.' >&2
                  exit 44
                }
                [ "$1" = "find-generic-password" ] || { echo "security stand-in: unexpected: $1" >&2; exit 64; }
                shift
                service=''; print=no
                while [ $# -gt 0 ]; do
                  case "$1" in
                    -s) service="$2"; shift 2 ;;
                    -w) print=yes; shift ;;
                    *) echo "security stand-in: unexpected option $1" >&2; exit 64 ;;
                  esac
                done
                [ "$service" = "Claude Code-credentials" ] || not_found
                [ "$print" = yes ] || { echo 'keychain: "login.keychain-db"'; exit 0; }
                """ + found);
    }

    /**
     * The Docker CLI with the Compose v2 plugin. On a successful {@code compose up} it notes the last 4 characters
     * of the token in the working directory's {@code .env} in {@code sandbox-token.txt}: what Compose would hand to
     * the new container.
     */
    public void docker(Docker mode) throws IOException {
        String body = switch (mode) {
            case OK -> """
                    case "$1 $2" in
                      "compose down") echo ' Container claude-sandbox  Stopping' >&2
                                      echo ' Container claude-sandbox  Removed' >&2; exit 0 ;;
                      "compose up") sandbox_started ;;
                    esac
                    unexpected "$@"
                    """;
            case DAEMON_DOWN -> "echo '" + DAEMON_DOWN_MESSAGE + "' >&2\nexit 1\n";
            case DOWN_FAILS -> """
                    case "$1 $2" in
                      "compose down") echo 'Error response from daemon: removal of container claude-sandbox is already in progress' >&2
                                      exit 1 ;;
                      "compose up") sandbox_started ;;
                    esac
                    unexpected "$@"
                    """;
            case NO_COMPOSE_OLD ->
                "echo \"docker: 'compose' is not a docker command.\" >&2\n"
                        + "echo \"See 'docker --help'\" >&2\nexit 1\n";
            case NO_COMPOSE_NEW -> """
                    case "$*" in
                      *-d*) echo "unknown shorthand flag: 'd' in -d" >&2; exit 125 ;;
                    esac
                    echo 'docker: unknown command: docker compose' >&2
                    echo '' >&2
                    echo "Run 'docker --help' for more information" >&2
                    exit 1
                    """;
        };
        write("docker", """
                # Stand-in for the Docker CLI (28.x with the Compose v2 plugin). The real one needs a running Docker
                # engine (Docker Desktop on macOS, dockerd on Linux), which cannot run on a test machine.
                """ + SANDBOX_STARTED + body);
    }

    /** The standalone docker-compose (v1 style), used when the Compose plugin is missing. */
    public void dockerCompose(DockerCompose mode) throws IOException {
        String body = switch (mode) {
            case OK -> """
                    case "$1" in
                      down) echo 'Stopping claude-sandbox ... done' >&2; exit 0 ;;
                      up) sandbox_started ;;
                    esac
                    unexpected "$@"
                    """;
            case DAEMON_DOWN ->
                "echo \"Couldn't connect to Docker daemon at http+docker://localhost - is it running?\""
                        + " >&2\nexit 1\n";
        };
        write("docker-compose", """
                # Stand-in for the standalone docker-compose. The real one needs a running Docker engine, which cannot
                # run on a test machine.
                """ + SANDBOX_STARTED + body);
    }

    private static final String SANDBOX_STARTED = """
            sandbox_started() {
              tail=$(grep -E '^(export )?CLAUDE_CODE_OAUTH_TOKEN=' .env | tail -n 1 | sed -e "s/['\\"]//g" -e 's/.*\\(....\\)$/\\1/')
              echo "$tail" > sandbox-token.txt
              echo ' Container claude-sandbox  Started' >&2
              exit 0
            }
            unexpected() { echo "stand-in: unexpected arguments: $*" >&2; exit 64; }
            """;

    /** Writes an executable script that first records how it was called. */
    public void write(String name, String body) throws IOException {
        String script = "#!/bin/sh\n"
                + "PATH=/usr/bin:/bin\n"
                + "{ printf '%s' " + name + "\n"
                + "  for a in \"$@\"; do case \"$a\" in *' '*) printf \" '%s'\" \"$a\" ;; *) printf ' %s' \"$a\" ;; esac; done\n"
                + "  if [ -n \"${CLAUDE_CODE_OAUTH_TOKEN+x}\" ]; then e=set; else e=unset; fi\n"
                + "  printf ' @%s token_env=%s\\n' \"$PWD\" \"$e\"\n"
                + "} >> " + q(calls) + "\n"
                + body;
        Path file = bin.resolve(name);
        Files.writeString(file, script, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static String q(Path p) {
        return "'" + p.toAbsolutePath().toString().replace("'", "'\\''") + "'";
    }
}
