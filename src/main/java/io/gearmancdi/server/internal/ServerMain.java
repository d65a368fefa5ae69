package io.gearmancdi.server.internal;

import io.gearmancdi.server.EmbeddedGearmanServer;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The command line of {@link EmbeddedGearmanServer#main}: options, the one output line, exit code 2 on bad usage. */
public final class ServerMain {
    private ServerMain() {
    }

    /** Parses {@code args}, runs a server until it is stopped, or exits with 2 after a usage message. */
    public static void run(String[] args) {
        EmbeddedGearmanServer.Builder builder = EmbeddedGearmanServer.builder();
        try {
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                String value = i + 1 < args.length ? args[++i] : null;
                if (value == null) {
                    throw new IllegalArgumentException("missing value after " + option);
                }
                switch (option) {
                    case "--host" -> builder.host(value);
                    case "--port", "-p" -> builder.port(Integer.parseInt(value));
                    case "--job-retries", "-j" -> builder.jobRetries(Integer.parseInt(value));
                    case "--max-packet-size" -> builder.maxPacketSize(Integer.parseInt(value));
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
        } catch (IllegalArgumentException e) {
            PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
            err.println("error: " + e.getMessage());
            err.println("usage: EmbeddedGearmanServer [--host H] [--port N] [--job-retries N] [--max-packet-size B]");
            System.exit(2);
            return;
        }
        EmbeddedGearmanServer server = builder.build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "gearman-embedded-server-shutdown"));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.println("listening on " + server.host() + ":" + server.port());
        while (!server.awaitTermination(Duration.ofDays(1))) {
            ServerMessages.stillRunning();
        }
    }
}
