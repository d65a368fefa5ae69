package io.gearmancdi.worker;

import io.gearmancdi.GearmanPayloadException;
import io.gearmancdi.protocol.ExceptionPayload;
import io.gearmancdi.protocol.Packet;
import io.gearmancdi.protocol.PacketType;
import io.gearmancdi.testing.ScriptedServer.Peer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static io.gearmancdi.testing.RawGearman.text;
import static io.gearmancdi.testing.RawGearman.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a worker connection survives what servers and jobs do to it (issues 10 and 11), packet by packet against a
 * scripted server: refused requests, servers that stop answering, jobs that throw {@link Error}s, failures that
 * repeat.
 */
class WorkerResilienceWireTest extends AbstractScriptedWorkerTest {
    private Peer start(WorkerOptions options, String function, JobFunction code) {
        worker = GearmanWorker.create(options).register(function, code);
        worker.start();
        return registered(function);
    }

    private static Packet assign(String handle, String function, String data) {
        return Packet.response(PacketType.JOB_ASSIGN_UNIQ, utf8(handle), utf8(function), utf8(""), utf8(data));
    }

    private static Packet error(String code, String text) {
        return Packet.responseText(PacketType.ERROR, code, text);
    }

    private static ExceptionPayload failureOf(Peer peer, String handle) {
        Packet warning = peer.expect(PacketType.WORK_WARNING);
        assertThat(warning.text(0)).isEqualTo(handle);
        assertThat(peer.expect(PacketType.WORK_FAIL).text(0)).isEqualTo(handle);
        return ExceptionPayload.decodeFailure(warning.data());
    }

    // ---- issue 11 item 1: ERROR to GRAB_JOB_UNIQ, and a poll pending after any reply ----

    @Test
    @DisplayName("issue 11 item 1: ERROR to GRAB_JOB_UNIQ falls back to GRAB_JOB and JOB_ASSIGN; any reply leaves a poll")
    void issue11item1_errorToGrabJobUniqFallsBackToGrabJobAndAnyReplyLeavesAPollPending() {
        Peer peer = start(options().pollInterval(Duration.ofMillis(200)).build(), "f",
                job -> utf8("ok " + text(job.payload()) + " unique='" + job.unique() + "'"));

        // what the Perl Gearman::Server answers to GRAB_JOB_UNIQ
        peer.send(error("server_error", "Can't locate object method \"CMD_\" via package \"Gearman::Server::Client\""));
        assertThat(peer.expect(PacketType.ECHO_REQ).text(0)).isEqualTo("fence");
        peer.send(Packet.responseText(PacketType.ECHO_RES, "fence"));
        peer.expect(PacketType.GRAB_JOB);

        // even GRAB_JOB refused: no tight loop, but a new GRAB_JOB after the poll interval
        peer.send(error("server_error", "busy"));
        peer.expect(PacketType.ECHO_REQ);
        peer.send(Packet.responseText(PacketType.ECHO_RES, "fence"));
        peer.expect(PacketType.GRAB_JOB);

        peer.send(Packet.response(PacketType.JOB_ASSIGN, utf8("H:1"), utf8("f"), utf8("x")));
        Packet complete = peer.expect(PacketType.WORK_COMPLETE);
        assertThat(text(complete.data())).isEqualTo("ok x unique=''");
        peer.expect(PacketType.GRAB_JOB);

        // a failure on such a server: WORK_EXCEPTION (it refuses WORK_WARNING), then WORK_FAIL, which it treats as final
        peer.send(Packet.response(PacketType.JOB_ASSIGN, utf8("H:2"), utf8("ghost"), utf8("y")));
        Packet exception = peer.expect(PacketType.WORK_EXCEPTION);
        assertThat(ExceptionPayload.decode(exception.data()).message()).contains("'ghost'");
        assertThat(peer.expect(PacketType.WORK_FAIL).text(0)).isEqualTo("H:2");
        peer.expect(PacketType.GRAB_JOB);
        assertThat(logs.containing("GEARMAN-3021")).hasSize(1);
    }

    // ---- issue 11 item 7: the default poll interval ----

    @Test
    @DisplayName("issue 11 item 7: an idle connection re-polls within the default poll interval (1 s, was 10 s)")
    void issue11item7_idleConnectionRepollsWithinTheDefaultPollInterval() {
        assertThat(WorkerOptions.DEFAULT_POLL_INTERVAL).isLessThanOrEqualTo(Duration.ofSeconds(2));
        Peer peer = start(options().build(), "f", job -> null);

        peer.send(Packet.response(PacketType.NO_JOB));
        peer.expect(PacketType.PRE_SLEEP);
        Packet next = peer.next(Duration.ofSeconds(5)); // generous against the default; the old 10 s never made it
        assertThat(next).isNotNull();
        assertThat(next.type()).isEqualTo(PacketType.GRAB_JOB_UNIQ);
    }

    // ---- issue 10 item 9: a server that stops answering ----

    @Test
    @DisplayName("issue 10 item 9: a server that does not answer a GRAB within the reply timeout is dropped and reconnected")
    void issue10item9_silentServerIsDroppedWithinTheReplyTimeoutAndTheWorkerReconnects() {
        Peer peer = start(options().pollInterval(Duration.ofMillis(200)).replyTimeout(Duration.ofMillis(500)).build(),
                "f", job -> utf8("done"));
        peer.send(Packet.response(PacketType.NO_JOB));
        peer.expect(PacketType.PRE_SLEEP);
        peer.expect(PacketType.GRAB_JOB_UNIQ); // the re-poll after the poll interval: and now the server is "frozen"

        assertThat(peer.awaitClosed(WAIT)).as("connection dropped").isTrue();
        Peer again = registered("f");
        again.send(assign("H:1", "f", ""));
        assertThat(text(again.expect(PacketType.WORK_COMPLETE).data())).isEqualTo("done");
        assertThat(logs.containing("sent no reply within 500 ms")).isNotEmpty();
    }

    // ---- issue 10 item 4: Errors ----

    @Test
    @DisplayName("issue 10 item 4: AssertionError and StackOverflowError fail the job; the same connection serves on")
    void issue10item4_errorsThrownByJobsFailTheJobAndTheSameConnectionServesTheNextJob() {
        Peer peer = start(options().build(), "f", job -> switch (text(job.payload())) {
            case "assert" -> throw new AssertionError("invariant broken");
            case "recurse" -> utf8(Integer.toString(recurse(0)));
            default -> utf8("fine");
        });

        peer.send(assign("H:1", "f", "assert"));
        ExceptionPayload assertion = failureOf(peer, "H:1");
        assertThat(assertion.type()).isEqualTo(AssertionError.class.getName());
        assertThat(assertion.message()).isEqualTo("invariant broken");
        peer.expect(PacketType.GRAB_JOB_UNIQ);

        peer.send(assign("H:2", "f", "recurse"));
        assertThat(failureOf(peer, "H:2").type()).isEqualTo(StackOverflowError.class.getName());
        peer.expect(PacketType.GRAB_JOB_UNIQ);

        peer.send(assign("H:3", "f", "next"));
        assertThat(text(peer.expect(PacketType.WORK_COMPLETE).data())).isEqualTo("fine");
        assertThat(worker.isHealthy()).isTrue();
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    @Test
    @DisplayName("issue 10 item 4: an error the worker cannot survive fails the job, then reaches onFatalError and isHealthy")
    void issue10item4_fatalErrorFailsTheJobThenReachesTheFatalHandlerAndTheWorkerReportsUnhealthy() throws Exception {
        BlockingQueue<Throwable> fatal = new LinkedBlockingQueue<>();
        Peer peer = start(options().onFatalError(fatal::add).build(), "f", job -> {
            throw new InternalError("the JVM is in trouble");
        });
        assertThat(worker.isHealthy()).isTrue();

        peer.send(assign("H:1", "f", ""));

        assertThat(failureOf(peer, "H:1").type()).isEqualTo(InternalError.class.getName());
        assertThat(fatal.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isInstanceOf(InternalError.class);
        assertThat(worker.isHealthy()).isFalse();
        assertThat(peer.awaitClosed(WAIT)).as("the loop ended").isTrue();
    }

    @Test
    @DisplayName("issue 10 item 4: out of memory in a job fails it; the third within a minute is fatal")
    void issue10item4_outOfMemoryInAJobFailsItAndTheThirdIsFatal() throws Exception {
        BlockingQueue<Throwable> fatal = new LinkedBlockingQueue<>();
        Peer peer = start(options().onFatalError(fatal::add).build(), "f", job -> {
            throw new OutOfMemoryError("Java heap space (simulated)");
        });
        for (int i = 1; i <= 2; i++) {
            peer.send(assign("H:" + i, "f", ""));
            assertThat(failureOf(peer, "H:" + i).type()).isEqualTo(OutOfMemoryError.class.getName());
            peer.expect(PacketType.GRAB_JOB_UNIQ);
            assertThat(worker.isHealthy()).isTrue();
        }
        peer.send(assign("H:3", "f", ""));
        failureOf(peer, "H:3");
        assertThat(fatal.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isInstanceOf(OutOfMemoryError.class);
        assertThat(worker.isHealthy()).isFalse();
    }

    // ---- issue 11 item 8: what a failed job logs ----

    @Test
    @DisplayName("issue 11 item 8: a bad payload is one line without stack trace; a repeated failure is logged once")
    void issue11item8_badPayloadIsOneLineAndRepeatsAreRateLimited() {
        Peer peer = start(options().build(), "f", job -> {
            if (text(job.payload()).startsWith("bad")) {
                throw new GearmanPayloadException("job f: missing argument 'name'");
            }
            throw new IllegalStateException("the job's own bug");
        });
        for (int i = 1; i <= 5; i++) {
            peer.send(assign("H:b" + i, "f", "bad"));
            failureOf(peer, "H:b" + i);
            peer.expect(PacketType.GRAB_JOB_UNIQ);
        }
        for (int i = 1; i <= 3; i++) {
            peer.send(assign("H:o" + i, "f", "own"));
            failureOf(peer, "H:o" + i);
            peer.expect(PacketType.GRAB_JOB_UNIQ);
        }
        peer.send(Packet.response(PacketType.NO_JOB));
        peer.expect(PacketType.PRE_SLEEP); // every failure before it has been handled

        List<LogRecord> payload = logs.containing("missing argument 'name'");
        assertThat(payload).hasSize(1);
        assertThat(payload.get(0).getLevel()).isEqualTo(Level.WARNING);
        assertThat(payload.get(0).getThrown()).as("a caller's mistake: no stack trace").isNull();
        assertThat(payload.get(0).getMessage()).contains("GEARMAN-3025").contains("H:b1");
        List<LogRecord> own = logs.containing("GEARMAN-3019");
        assertThat(own).hasSize(1);
        assertThat(own.get(0).getThrown()).as("the job's own exception: with its stack trace")
                .isInstanceOf(IllegalStateException.class);
    }
}
