package io.gearmancdi.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The command line of every contender, exactly as {@code bench/c/gmbench.c} parses it (see bench/README.md):
 * {@code worker --host H --port P --function F [--connections N]} and
 * {@code client --host H --port P --function F --mode fg|bg|latency --inflight K --payload BYTES --seconds S
 * [--warmup S]}. {@code --flag value} and {@code --flag=value} are both accepted; a usage error exits with status 2.
 */
final class Options {
    static final int MAX_CONNECTIONS = 1024;
    static final int MAX_INFLIGHT = 65536;
    static final int MAX_PAYLOAD = 64 * 1024 * 1024;
    static final int FUNCTION_MAX_SIZE = 512; // GEARMAN_FUNCTION_MAX_SIZE

    enum Mode { FG, BG, LATENCY }

    String host = "127.0.0.1";
    int port = 4730;
    String function = "gmbench_echo";
    int connections = 1;
    Mode mode = Mode.FG;
    int inflight = 1;
    int payload = 100;
    double seconds = 5.0;
    double warmup = 0.0;
    long rate = 0; // bg jobs per second offered, 0 = as fast as the server takes them
    long jobs = 1_000_000; // memory mode only
    long firstMark = 10_000; // memory mode only

    /** Thrown for a usage error: the caller prints usage and exits 2. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static void usage(PrintStream out, String program) {
        out.println("usage:\n"
                + "  " + program + " worker --host H --port P --function F [--connections N]\n"
                + "  " + program + " client --host H --port P --function F --mode fg|bg|latency\n"
                + "                 --inflight K --payload BYTES --seconds S [--warmup S] [--rate JOBS_PER_S]\n"
                + "defaults: --host 127.0.0.1 --port 4730 --function gmbench_echo --connections 1\n"
                + "          --mode fg --inflight 1 --payload 100 --seconds 5 --warmup 0");
    }

    /**
     * Parses the arguments after the command word.
     *
     * @param command "worker", "client" or "memory" (memory: the worker's and the client's flags plus --jobs and
     *                --first-mark)
     */
    static Options parse(String command, String[] args, int from) throws UsageException {
        boolean client = command.equals("client") || command.equals("memory");
        boolean worker = command.equals("worker") || command.equals("memory");
        boolean memory = command.equals("memory");
        Options o = new Options();
        if (memory) {
            o.connections = 4;
            o.inflight = 256;
        }
        for (int i = from; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (name.equals("help")) {
                value = null;
            } else {
                if (i + 1 >= args.length) {
                    throw new UsageException("option --" + name + " needs a value");
                }
                value = args[++i];
            }
            String bad = "invalid value or option for this command: --" + name + " " + (value == null ? "" : value);
            switch (name) {
                case "help" -> throw new UsageException(null);
                case "host" -> o.host = value;
                case "port" -> o.port = (int) number(value, 1, 65535, bad);
                case "function" -> {
                    if (value.isEmpty() || value.getBytes(StandardCharsets.UTF_8).length >= FUNCTION_MAX_SIZE) {
                        throw new UsageException(bad);
                    }
                    o.function = value;
                }
                case "connections" -> {
                    if (!worker) {
                        throw new UsageException(bad);
                    }
                    o.connections = (int) number(value, 1, MAX_CONNECTIONS, bad);
                }
                case "mode" -> {
                    if (!client || memory) {
                        throw new UsageException(bad);
                    }
                    o.mode = switch (value) {
                        case "fg" -> Mode.FG;
                        case "bg" -> Mode.BG;
                        case "latency" -> Mode.LATENCY;
                        default -> throw new UsageException(bad);
                    };
                }
                case "inflight" -> {
                    if (!client) {
                        throw new UsageException(bad);
                    }
                    o.inflight = (int) number(value, 1, MAX_INFLIGHT, bad);
                }
                case "payload" -> {
                    if (!client) {
                        throw new UsageException(bad);
                    }
                    o.payload = (int) number(value, 0, MAX_PAYLOAD, bad);
                }
                case "seconds" -> {
                    if (!client || memory) {
                        throw new UsageException(bad);
                    }
                    o.seconds = seconds(value, 0.001, bad);
                }
                case "warmup" -> {
                    if (!client || memory) {
                        throw new UsageException(bad);
                    }
                    o.warmup = seconds(value, 0.0, bad);
                }
                case "rate" -> {
                    if (!client || memory) {
                        throw new UsageException(bad);
                    }
                    o.rate = number(value, 0, 10_000_000L, bad);
                }
                case "jobs" -> {
                    if (!memory) {
                        throw new UsageException(bad);
                    }
                    o.jobs = number(value, 1, 1_000_000_000L, bad);
                }
                case "first-mark" -> {
                    if (!memory) {
                        throw new UsageException(bad);
                    }
                    o.firstMark = number(value, 1, 1_000_000_000L, bad);
                }
                default -> throw new UsageException("unknown option --" + name);
            }
        }
        if (o.rate > 0 && o.mode != Mode.BG) {
            throw new UsageException("--rate applies to --mode bg only");
        }
        if (client && o.mode == Mode.LATENCY && o.inflight != 1) {
            throw new UsageException("--mode latency requires --inflight 1");
        }
        if (memory && o.firstMark >= o.jobs) {
            throw new UsageException("--first-mark must be below --jobs");
        }
        return o;
    }

    private static long number(String s, long min, long max, String bad) throws UsageException {
        if (s == null || s.isEmpty() || !s.chars().allMatch(c -> c >= '0' && c <= '9') || s.length() > 12) {
            throw new UsageException(bad);
        }
        long v = Long.parseLong(s);
        if (v < min || v > max) {
            throw new UsageException(bad);
        }
        return v;
    }

    private static double seconds(String s, double min, String bad) throws UsageException {
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new UsageException(bad);
        }
        if (!Double.isFinite(v) || v < min || v > 86400.0) {
            throw new UsageException(bad);
        }
        return v;
    }

    /** Payload byte {@code i} = {@code 'a' + i % 26}, as gmbench. */
    byte[] payloadBytes() {
        byte[] p = new byte[payload];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) ('a' + i % 26);
        }
        return p;
    }

    String modeName() {
        return mode.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** A {@code client} or {@code worker} run: returns the process exit status. */
    @FunctionalInterface
    interface Run {
        int run(Options options) throws InterruptedException;
    }

    /**
     * The command line shared by the harnesses that only have {@code client} and {@code worker}: parses the options,
     * runs the mode, and maps usage errors to 2 and failures to 1 (the C harness's exit codes).
     */
    static int runClientOrWorker(String program, String[] args, Run worker, Run client) {
        if (args.length < 1 || !(args[0].equals("client") || args[0].equals("worker"))) {
            System.err.println(program + ": first argument must be 'client' or 'worker'");
            usage(System.err, program);
            return 2;
        }
        try {
            Options o = parse(args[0], args, 1);
            return args[0].equals("worker") ? worker.run(o) : client.run(o);
        } catch (UsageException e) {
            System.err.println(program + ": " + e.getMessage());
            usage(System.err, program);
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (RuntimeException e) {
            System.err.println(program + ": " + ClientRun.describe(e));
            return 1;
        }
    }
}
