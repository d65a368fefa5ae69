package io.gearmancdi.server.internal;

import io.gearmancdi.ServerAddress;
import io.gearmancdi.server.EmbeddedGearmanServer;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The command line of {@link EmbeddedGearmanServer#main}: options, the one output line, and the exit status: 0 after an
 * admin {@code shutdown}, 1 when the server stopped on an error (out of memory above all: a process that keeps running
 * with a dead server would look healthy to a supervisor), 2 on bad usage.
 */
public final class ServerMain {
    static final String USAGE = String.join(System.lineSeparator(),
            "usage: EmbeddedGearmanServer [options]",
            "  --host H                  address to bind (default 127.0.0.1)",
            "  --port N, -p N            port to bind, 0 = any free port (default " + ServerAddress.DEFAULT_PORT
                    + ")",
            "  --job-retries N, -j N     attempts of a job whose worker keeps vanishing, 0 = unlimited (default 0)",
            "  --max-packet-size B       largest request body in bytes (default 67108864, 64 MiB)",
            "  --max-queue N             jobs per function before submits get QUEUE_ERROR, 0 = unlimited"
                    + " (default 1000000)",
            "  --max-queue-bytes B       memory all jobs may take before submits get QUEUE_ERROR, 0 = unlimited"
                    + " (default: 25% of the maximum heap)",
            "  --allow-admin-shutdown    honour the admin 'shutdown' command (default: refused)",
            "  --help                    this text",
            "Exit status: 0 after an admin shutdown, 1 if the server stopped on an error, 2 on bad usage.");

    private ServerMain() {
    }

    /** Parses {@code args}, runs a server until it stops, and exits with the status described above. */
    public static void run(String[] args) {
        EmbeddedGearmanServer.Builder builder = EmbeddedGearmanServer.builder();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try {
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (option.equals("--help") || option.equals("-h")) {
                    out.println(USAGE);
                    System.exit(0);
                    return;
                }
                if (option.equals("--allow-admin-shutdown")) {
                    builder.adminShutdown(true);
                    continue;
                }
                String value = i + 1 < args.length ? args[++i] : null;
                if (value == null) {
                    throw new IllegalArgumentException("missing value after " + option);
                }
                switch (option) {
                    case "--host" -> builder.host(value);
                    case "--port", "-p" -> builder.port(Integer.parseInt(value));
                    case "--job-retries", "-j" -> builder.jobRetries(Integer.parseInt(value));
                    case "--max-packet-size" -> builder.maxPacketSize(Integer.parseInt(value));
                    case "--max-queue" -> builder.maxQueue(nonNegative(option, Integer.parseInt(value)));
                    case "--max-queue-bytes" -> builder.maxQueueBytes(Long.parseLong(value));
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
        } catch (IllegalArgumentException e) {
            PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            System.exit(2);
            return;
        }
        EmbeddedGearmanServer server = builder.build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "gearman-embedded-server-shutdown"));
        out.println("listening on " + server.host() + ":" + server.port());
        while (!server.awaitTermination(Duration.ofDays(1))) {
            ServerMessages.stillRunning();
        }
        if (server.failure().isPresent()) {
            // the error is logged already (GEARMAN-5012); say it where a supervisor's log surely catches it too
            System.err.println("embedded gearman server stopped by " + server.failure().get());
            System.exit(1);
        }
        System.exit(0);
    }

    private static int nonNegative(String option, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(option + " must not be negative: " + value);
        }
        return value;
    }
}
