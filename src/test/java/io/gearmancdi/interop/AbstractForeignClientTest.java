package io.gearmancdi.interop;

import io.gearmancdi.ServerAddress;
import io.gearmancdi.testing.Foreign;
import io.gearmancdi.testing.JobServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A foreign client calls our plain {@code GearmanWorker} (issue 11 item 4): round trip, background job + status,
 * progress, failure, 1,000 jobs, on every server of the subclass's {@code servers()}.
 */
abstract class AbstractForeignClientTest extends InteropTestSupport {

    /** @return the client script of {@code interop/} */
    protected abstract String script();

    /** @return whether the script runs under node (else Perl) */
    protected abstract boolean node();

    protected Foreign client(ServerAddress server, String... args) {
        return track(node() ? Foreign.node(script(), server, args) : Foreign.perl(script(), server, args));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void roundTripToOurWorker(String kind) {
        JobServer server = server(kind);
        ourWorker(server, 1);
        assertThat(Foreign.run(client(server.address(), "call", "interop.upper", "hello from afar")))
                .contains("RESULT HELLO FROM AFAR");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void backgroundJobAndItsStatusSeenByTheForeignClient(String kind) throws InterruptedException {
        JobServer server = server(kind);
        ourWorker(server, 1);
        String handle = client(server.address(), "bg", "interop.hold", "x", "interop-bg-1")
                .awaitLine("HANDLE ", Foreign.WAIT).substring("HANDLE ".length());
        assertThat(holding.await(PROMPT.toSeconds(), TimeUnit.SECONDS)).as("our worker started the job").isTrue();
        // known, running, and the worker's WORK_STATUS 1/2
        awaitForeignStatus(script(), node(), server.address(), handle, "STATUS 1 1 1 2"::equals, "running at 1/2");
        release.countDown();
        awaitForeignStatus(script(), node(), server.address(), handle, l -> l.startsWith("STATUS 0 0"), "finished");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void progressOfOurWorkerReachesTheForeignClient(String kind) {
        JobServer server = server(kind);
        ourWorker(server, 1);
        assertThat(Foreign.run(client(server.address(), "call", "interop.progress", "4")))
                .containsSubsequence("STATUS 1 4", "STATUS 2 4", "STATUS 3 4", "STATUS 4 4", "RESULT done 4");
    }

    /** The foreign client does not ask for exceptions (neither library does by default): it must still see a failure. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void failureOfOurWorkerIsSeenPromptly(String kind) {
        JobServer server = server(kind);
        ourWorker(server, 1);
        Foreign call = client(server.address(), "call", "interop.fail", "x");
        assertThat(awaitOutcome(call, "FAIL", "MALFORMED_FAIL", "EXCEPTION", "RESULT", "NOTHING", "TIMEOUT"))
                .startsWith("FAIL");
    }

    /** With OPTION_REQ exceptions the foreign client sees our {"type", "message"} or at least a failure. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void failureOfOurWorkerIsSeenPromptlyWithExceptionsOn(String kind) {
        JobServer server = server(kind);
        ourWorker(server, 1);
        Foreign call = client(server.address(), "call", "interop.fail", "x", "exceptions");
        String outcome = awaitOutcome(call, "FAIL", "MALFORMED_FAIL", "EXCEPTION", "RESULT", "NOTHING", "TIMEOUT");
        assertThat(outcome).matches("(FAIL|EXCEPTION).*");
        if (outcome.startsWith("EXCEPTION")) {
            assertThat(outcome).contains("java.lang.IllegalStateException", "our job failed on purpose");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void thousandJobsFromTheForeignClient(String kind) {
        JobServer server = server(kind);
        ourWorker(server, 4);
        List<String> lines = Foreign.run(client(server.address(), "many", "interop.echo", Integer.toString(MANY)));
        assertThat(lines).contains("DONE completed=" + MANY + " failed=0 wrong=0");
    }
}
