package io.gearmancdi.example.it;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs the {@code gearman} command-line client (C libgearman): a client from outside the application. */
public final class GearmanCli {
    private GearmanCli() {
    }

    /** What the command printed and its exit code. */
    public record Run(int exitCode, String stdout, String stderr) {
    }

    /** Runs {@code gearman -h 127.0.0.1 -p PORT -t 30000 args...} and waits (at most 60 s) for it to end. */
    public static Run run(GearmandProcess gearmand, String... args) {
        List<String> command = new ArrayList<>(List.of(GearmandProcess.cli().toString(), "-h", "127.0.0.1",
                "-p", Integer.toString(gearmand.port()), "-t", "30000"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            CompletableFuture<String> stdout = drain(p.getInputStream());
            CompletableFuture<String> stderr = drain(p.getErrorStream());
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("gearman CLI did not end within 60 s: " + command);
            }
            return new Run(p.exitValue(), stdout.get(10, TimeUnit.SECONDS), stderr.get(10, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("cannot read the gearman CLI's output", e);
        }
    }

    /** Reads a stream to its end on a daemon thread, so the process never blocks on a full pipe. */
    private static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (in) {
                text.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(e);
            }
        }, "gearman-cli-output");
        t.setDaemon(true);
        t.start();
        return text;
    }
}
