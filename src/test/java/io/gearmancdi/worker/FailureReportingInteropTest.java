package io.gearmancdi.worker;

import io.gearmancdi.GearmanJobException;
import io.gearmancdi.SubmitOptions;
import io.gearmancdi.client.ClientOptions;
import io.gearmancdi.client.JobClient;
import io.gearmancdi.testing.EmbeddedJobServer;
import io.gearmancdi.testing.Foreign;
import io.gearmancdi.testing.GearmanCli;
import io.gearmancdi.testing.Gearmand;
import io.gearmancdi.testing.JobServer;
import io.gearmancdi.testing.PerlGearmanServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.gearmancdi.testing.RawGearman.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 11 item 2: a job that fails on our worker is seen as failed, promptly, by every client on every server: the C
 * CLI, the Perl client ({@code Gearman::Client}), the npm client ({@code gearman} 2.1.0) and our own client, which also
 * gets the exception's type and message. On C gearmand 1.1.20, the Perl {@code Gearman::Server} and the embedded server
 * (measured table and reasons: docs/interop.md).
 */
class FailureReportingInteropTest {
    private static final String FUNCTION = "interop-fails";
    private static final long CLIENT_BOUND_SECONDS = 30; // generous; a client that never sees the failure hangs

    private JobServer server;
    private GearmanWorker worker;
    private JobClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (worker != null) {
            worker.shutdown(Duration.ZERO);
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(String kind) {
        server = switch (kind) {
            case "gearmand" -> Gearmand.start();
            case "perl" -> PerlGearmanServer.start();
            case "embedded" -> EmbeddedJobServer.start();
            default -> throw new IllegalArgumentException(kind);
        };
        worker = GearmanWorker.create(WorkerOptions.builder().servers(List.of(server.address()))
                        .errorHandler((job, error) -> { }).build())
                .register(FUNCTION, job -> {
                    throw new IllegalStateException("boom: \"" + new String(job.payload(), StandardCharsets.UTF_8)
                            + "\" rejected");
                });
        worker.start();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gearmand", "perl", "embedded"})
    @DisplayName("issue 11 item 2: our client gets GearmanJobException with the remote type and message")
    void issue11item2_ourClientGetsTheRemoteTypeAndMessage(String kind) {
        start(kind);
        client = JobClient.create(ClientOptions.builder().servers(List.of(server.address()))
                .timeout(Duration.ofSeconds(CLIENT_BOUND_SECONDS)).build());

        for (int i = 0; i < 2; i++) { // twice: the worker's connection goes on after a failure
            assertThatThrownBy(() -> client.call(FUNCTION, utf8("input"), SubmitOptions.DEFAULTS))
                    .isInstanceOfSatisfying(GearmanJobException.class, e -> {
                        assertThat(e.remoteType()).isEqualTo(IllegalStateException.class.getName());
                        assertThat(e.remoteMessage()).isEqualTo("boom: \"input\" rejected");
                    });
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gearmand", "perl", "embedded"})
    @DisplayName("issue 11 item 2: the C CLI exits promptly with a failure")
    void issue11item2_cCliSeesTheFailure(String kind) {
        start(kind);

        GearmanCli.Result result = GearmanCli.run(server.address(), CLIENT_BOUND_SECONDS, "-f", FUNCTION, "payload");

        assertThat(result.exitCode()).as("exit status; stdout %s, stderr %s", result.stdout(), result.stderr())
                .isNotZero();
        assertThat(result.stderr() + result.stdout()).contains("Job failed");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gearmand", "perl", "embedded"})
    @DisplayName("issue 11 item 2: the Perl client's do_task returns undef and on_fail fires")
    void issue11item2_perlClientSeesTheFailure(String kind) {
        Foreign.requirePerl();
        start(kind);
        String script = """
                use Gearman::Client;
                my $c = Gearman::Client->new(job_servers => [$ARGV[0]]);
                my $failed = 0;
                my $r = $c->do_task($ARGV[1], "payload", { on_fail => sub { $failed = 1 } });
                print defined $r ? "result\\n" : "undef on_fail=$failed\\n";
                """;

        Run run = run(List.of("perl", "-e", script, server.address().toString(), FUNCTION));

        assertThat(run.output()).as("exit %s", run.exitCode()).contains("undef on_fail=1");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gearmand", "perl", "embedded"})
    @DisplayName("issue 11 item 2: the npm client gets WORK_FAIL for its handle")
    void issue11item2_npmClientSeesTheFailure(String kind) throws IOException {
        Path module = Foreign.requireNpm().resolve("gearman");
        start(kind);
        Path script = Files.createTempFile("npm-fail", ".js");
        Files.writeString(script, """
                const gearman = require(process.argv[2]);
                const c = gearman('127.0.0.1', +process.argv[3], {timeout: 25000});
                let handle;
                c.on('JOB_CREATED', h => { handle = h; });
                c.on('WORK_FAIL', p => { console.log(p.handle === handle ? 'FAIL for our handle' : 'FAIL other ' + JSON.stringify(p.handle)); if (p.handle === handle) process.exit(0); });
                c.on('WORK_COMPLETE', () => { console.log('COMPLETE'); process.exit(1); });
                c.on('timeout', () => { console.log('TIMEOUT'); process.exit(2); });
                c.connect(() => c.submitJob(process.argv[4], 'payload'));
                """);
        try {
            Run run = run(List.of("node", script.toString(), module.toString(),
                    Integer.toString(server.address().port()), FUNCTION));

            assertThat(run.output()).as("exit %s", run.exitCode()).contains("FAIL for our handle");
            assertThat(run.exitCode()).isZero();
        } finally {
            Files.deleteIfExists(script);
        }
    }

    // ---- foreign clients ----

    private record Run(int exitCode, String output) {
    }

    private static Run run(List<String> command) {
        try {
            Path out = Files.createTempFile("foreign-client", ".out");
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                if (!p.waitFor(CLIENT_BOUND_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                    throw new AssertionError(command.get(0) + " client did not end within " + CLIENT_BOUND_SECONDS
                            + " s (it never saw the failure): " + Files.readString(out));
                }
                return new Run(p.exitValue(), Files.readString(out));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
