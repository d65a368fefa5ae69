package io.gearmancdi.testing;

import io.gearmancdi.ServerAddress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the C {@code gearman} CLI (libgearman) as a foreign client. */
public final class Cli {
    /** What one run printed. */
    public record Result(int exitCode, String out, String err) {
    }

    private Cli() {
    }

    /** Starts {@code gearman -h H -p P args...}; read it with {@link #finish(Process)}. */
    public static Process start(ServerAddress server, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Gearmand.requireCli(), "-h", server.host(), "-p",
                Integer.toString(server.port())));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).start();
    }

    /** Runs it to the end (at most 60 s). */
    public static Result run(ServerAddress server, String... args) throws IOException, InterruptedException {
        return finish(start(server, args));
    }

    /** Waits for a started run (at most 60 s, then kills it). */
    public static Result finish(Process process) throws IOException, InterruptedException {
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("gearman CLI did not finish within 60 s");
        }
        return new Result(process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
