package io.gearmancdi.testing;

import io.gearmancdi.ServerAddress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the {@code gearman} CLI (libgearman) as a foreign client, with a bounded wait. */
public final class GearmanCli {
    private GearmanCli() {
    }

    /** What a CLI run printed and returned. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    /**
     * Runs {@code gearman -h HOST -p PORT args...} and waits at most {@code timeoutSeconds}.
     *
     * @throws IllegalStateException if it does not end in time (the process is killed)
     */
    public static Result run(ServerAddress server, long timeoutSeconds, String... args) {
        String cli = Gearmand.requireCli();
        List<String> cmd = new ArrayList<>(List.of(cli, "-h", server.host(), "-p", Integer.toString(server.port())));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            // outputs are small: read them after exit would risk a full pipe only for large outputs
            var out = p.getInputStream();
            var err = p.getErrorStream();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                throw new IllegalStateException("gearman " + String.join(" ", args) + " did not end within "
                        + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), new String(out.readAllBytes(), StandardCharsets.UTF_8),
                    new String(err.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
