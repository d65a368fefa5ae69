package io.gearmancdi.se;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.WARNING;

/**
 * The log messages of {@link GearmanWorkerMain}, IDs GEARMAN-8000..8999 (see {@code message-ranges.txt}). One method
 * per message, each at a fixed level; IDs are stable and never reused. The command line's own output (usage,
 * {@code --list}, "serving", "stopped") is printed, not logged: scripts read it.
 */
final class SeMessages {
    private static final System.Logger MAIN = System.getLogger("io.gearmancdi.se.GearmanWorkerMain");

    private SeMessages() {
    }

    /** GEARMAN-8001, ERROR: the workers failed in a way they cannot survive; the process exits. */
    static void fatal(Throwable failure, int exitCode) {
        MAIN.log(ERROR, "GEARMAN-8001: gearman workers cannot go on, exiting with " + exitCode + ": " + failure,
                failure);
    }

    /** GEARMAN-8002, WARNING: the JVM cannot hand SIGTERM/SIGINT to us; the drain then runs in a shutdown hook. */
    static void noSignalHandler(String signal, Throwable cause) {
        MAIN.log(WARNING, "GEARMAN-8002: cannot handle SIG" + signal + " (" + cause + "); on that signal the jobs "
                + "in flight still drain, but in a shutdown hook: the exit code is then 128+signal and later log "
                + "records may be lost");
    }
}
