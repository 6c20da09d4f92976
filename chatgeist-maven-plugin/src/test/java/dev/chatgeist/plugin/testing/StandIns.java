package dev.chatgeist.plugin.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Recording stand-ins for macOS programs that cannot run on Linux: launchctl, pmset and security. Each is a small
 * shell script put first on PATH; it appends its arguments to a log (one line per call) and answers the way the
 * real program does (output format and exit codes as documented in their man pages and observed on macOS):
 * <ul>
 *   <li>launchctl keeps the loaded labels in a state folder: {@code list LABEL} prints a property-list-style
 *   dictionary and exits 0 when loaded (with {@code "PID"} while the job runs and its {@code "LastExitStatus"}),
 *   else prints "Could not find service" and exits 113; {@code bootstrap gui/UID PLIST} loads the plist's label
 *   (exit 5 "Bootstrap failed: 5: Input/output error" when already loaded) and starts it when RunAtLoad is true;
 *   {@code bootout gui/UID/LABEL} stops and unloads it (exit 3 "No such process" when not loaded); {@code kickstart
 *   [-k] gui/UID/LABEL} runs a loaded job now, as launchd does: the plist's ProgramArguments with its
 *   EnvironmentVariables, in its WorkingDirectory, output appended to StandardOutPath, in the background (kickstart
 *   returns once the process exists; an instance already running is left alone unless -k kills it first; exit 113
 *   when not loaded); {@code load}/{@code unload} are the legacy forms. Setting the file {@code no-bootstrap} in the state folder makes bootstrap/bootout fail as
 *   on an old macOS ("Unrecognized subcommand").</li>
 *   <li>pmset {@code -g custom} prints "Battery Power:" and "AC Power:" sections; the AC sleep value comes from
 *   the file {@code ac-sleep} in the state folder.</li>
 *   <li>security {@code find-generic-password -s NAME -w} prints the file {@code keychain.json} or exits 44 with
 *   "The specified item could not be found in the keychain."</li>
 * </ul>
 */
public final class StandIns {
    private final Path bin;
    private final Path state;
    private final Path log;

    private StandIns(Path bin, Path state, Path log) {
        this.bin = bin;
        this.state = state;
        this.log = log;
    }

    public static StandIns install(Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path state = Files.createDirectories(dir.resolve("state"));
        Path log = dir.resolve("calls.log");
        Files.writeString(log, "");
        Files.createDirectories(state.resolve("loaded"));
        script(bin.resolve("launchctl"), """
                #!/bin/sh
                S='%STATE%'
                echo "launchctl $*" >> '%LOG%'
                label_of() { grep -A1 '<key>Label</key>' "$1" | sed -n 's:.*<string>\\(.*\\)</string>.*:\\1:p' | head -n 1; }
                # a plist <string> value back to its text (the templates escape &, <, >, ", ')
                unxml() { sed -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&quot;/"/g' -e "s/&apos;/'/g" -e 's/&amp;/\\&/g'; }
                key() { grep -A1 "<key>$2</key>" "$1" | sed -n 's:.*<string>\\(.*\\)</string>.*:\\1:p' | head -n 1 | unxml; }
                running() { [ -f "$S/pid/$1" ] && kill -0 "$(cat "$S/pid/$1")" 2>/dev/null; }
                # launchd spawns the job: ProgramArguments with its EnvironmentVariables, in WorkingDirectory, stdout
                # and stderr appended to StandardOutPath; it remembers the PID while the job runs and its exit status
                spawn() {
                  p=$(cat "$S/plist/$1")
                  (
                    cd "$(key "$p" WorkingDirectory)" || exit 1
                    for v in PATH CHATGEIST_HOME CHATGEIST_JAVA; do
                      val=$(key "$p" "$v"); [ -n "$val" ] && export "$v=$val"
                    done
                    set --
                    sed -n '/<key>ProgramArguments<\\/key>/,/<\\/array>/p' "$p" | sed -n 's:.*<string>\\(.*\\)</string>.*:\\1:p' | unxml > "$S/args.$1"
                    while IFS= read -r a; do set -- "$@" "$a"; done < "$S/args.$1"
                    out=$(key "$p" StandardOutPath)
                    "$@" >> "$out" 2>&1 &
                    echo $! > "$S/pid/$1"
                    wait $!
                    echo $? > "$S/exit/$1"
                    rm -f "$S/pid/$1"
                  ) </dev/null >/dev/null 2>&1 &
                  i=0; while [ ! -f "$S/pid/$1" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
                }
                mkdir -p "$S/pid" "$S/exit" "$S/plist"
                case "$1" in
                  list)
                    if [ -f "$S/loaded/$2" ]; then
                      printf '{\\n\\t"LimitLoadToSessionType" = "Aqua";\\n\\t"Label" = "%s";\\n\\t"OnDemand" = true;\\n' "$2"
                      running "$2" && printf '\\t"PID" = %s;\\n' "$(cat "$S/pid/$2")"
                      printf '\\t"LastExitStatus" = %s;\\n};\\n' "$(cat "$S/exit/$2" 2>/dev/null || echo 0)"
                      exit 0
                    fi
                    echo "Could not find service \\"$2\\" in domain for port" >&2; exit 113 ;;
                  bootstrap)
                    if [ -f "$S/no-bootstrap" ]; then echo "Unrecognized subcommand: bootstrap" >&2; exit 64; fi
                    l=$(label_of "$3")
                    if [ -f "$S/loaded/$l" ]; then echo "Bootstrap failed: 5: Input/output error" >&2; exit 5; fi
                    touch "$S/loaded/$l"; echo "$3" > "$S/plist/$l"
                    grep -A1 '<key>RunAtLoad</key>' "$3" | grep -q '<true/>' && spawn "$l"
                    exit 0 ;;
                  bootout)
                    if [ -f "$S/no-bootstrap" ]; then echo "Unrecognized subcommand: bootout" >&2; exit 64; fi
                    l=${2##*/}
                    if [ ! -f "$S/loaded/$l" ]; then echo "Boot-out failed: 3: No such process" >&2; exit 3; fi
                    running "$l" && kill "$(cat "$S/pid/$l")"
                    rm -f "$S/loaded/$l"; exit 0 ;;
                  kickstart)
                    # kickstart [-k] [-p] gui/UID/LABEL: runs a loaded job now; -k kills a running instance first;
                    # a job that already runs is left alone without -k
                    kill_first=; shift
                    while [ $# -gt 1 ]; do case "$1" in -k) kill_first=1 ;; esac; shift; done
                    l=${1##*/}
                    if [ ! -f "$S/loaded/$l" ]; then echo "Could not find service \\"$l\\" in domain for user gui: $(id -u)" >&2; exit 113; fi
                    if running "$l"; then
                      [ -n "$kill_first" ] || exit 0
                      pid=$(cat "$S/pid/$l"); kill "$pid"
                      while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
                    fi
                    spawn "$l"; exit 0 ;;
                  load)
                    l=$(label_of "$2")
                    if [ -f "$S/loaded/$l" ]; then echo "$2: service already loaded" >&2; echo "Load failed: 37: Operation already in progress" >&2; exit 0; fi
                    touch "$S/loaded/$l"; echo "$2" > "$S/plist/$l"; exit 0 ;;
                  unload)
                    l=$(label_of "$2")
                    running "$l" && kill "$(cat "$S/pid/$l")"
                    rm -f "$S/loaded/$l"; exit 0 ;;
                  *) echo "Unrecognized subcommand: $1" >&2; exit 64 ;;
                esac
                """, state, log);
        script(bin.resolve("pmset"), """
                #!/bin/sh
                echo "pmset $*" >> '%LOG%'
                if [ "$1 $2" != "-g custom" ]; then echo "pmset: stand-in only answers -g custom" >&2; exit 1; fi
                ac=$(cat '%STATE%/ac-sleep' 2>/dev/null || echo 1)
                printf 'Battery Power:\\n lidwake              1\\n standby              1\\n sleep                1\\n disksleep            10\\n displaysleep         2\\nAC Power:\\n lidwake              1\\n standby              1\\n sleep                %s\\n disksleep            10\\n displaysleep         10\\n' "$ac"
                """, state, log);
        script(bin.resolve("security"), """
                #!/bin/sh
                echo "security $*" >> '%LOG%'
                if [ "$1" = "find-generic-password" ] && [ -f '%STATE%/keychain.json' ]; then cat '%STATE%/keychain.json'; echo; exit 0; fi
                echo "security: SecKeychainSearchCopyNext: The specified item could not be found in the keychain." >&2
                exit 44
                """, state, log);
        return new StandIns(bin, state, log);
    }

    private static void script(Path file, String body, Path state, Path log) throws IOException {
        Files.writeString(
                file,
                body.replace("%STATE%", state.toString()).replace("%LOG%", log.toString()),
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    public Path bin() {
        return bin;
    }

    public Path state() {
        return state;
    }

    /** Every call so far, one "program args" line each. */
    public List<String> calls() throws IOException {
        return Files.readAllLines(log);
    }

    public void clearCalls() throws IOException {
        Files.writeString(log, "");
    }

    public boolean loaded(String label) {
        return Files.exists(state.resolve("loaded").resolve(label));
    }
}
