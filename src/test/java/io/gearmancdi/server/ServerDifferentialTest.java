package io.gearmancdi.server;

import io.gearmancdi.protocol.Packet;
import io.gearmancdi.protocol.PacketType;
import io.gearmancdi.testing.AdminText;
import io.gearmancdi.testing.EmbeddedJobServer;
import io.gearmancdi.testing.Gearmand;
import io.gearmancdi.testing.JobServer;
import io.gearmancdi.testing.RawGearman;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static io.gearmancdi.protocol.PacketType.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same raw-protocol scenario against a real gearmand 1.1.20 and the embedded server, comparing the replies
 * (job handles normalised to H1, H2… in order of appearance). Where gearmand 1.1.20 is buggy and the embedded server
 * deliberately follows gearmand 2.0 or its own documented rule, the test asserts each server's behaviour separately
 * and says which one differs and why.
 */
class ServerDifferentialTest {

    /** A transcript: every reply read, as text, with handles replaced by stable names. */
    private static final class Transcript {
        private final Map<String, String> handles = new LinkedHashMap<>();
        final List<String> lines = new ArrayList<>();

        String handle(String raw) {
            return handles.computeIfAbsent(raw, h -> "H" + (handles.size() + 1));
        }

        void add(Packet p) {
            StringBuilder s = new StringBuilder(p.type().name());
            for (int i = 0; i < p.argumentCount(); i++) {
                String text = p.text(i);
                String nul = "";
                if (text.endsWith("\0")) { // gearmand quirk, see exceptionForwarding...
                    text = text.substring(0, text.length() - 1);
                    nul = "<NUL>";
                }
                s.append(' ').append(text.matches("H:[^:]+:\\d+") ? handle(text) : text).append(nul);
            }
            lines.add(s.toString());
        }

        void add(String line) {
            String normalized = line;
            for (Map.Entry<String, String> e : handles.entrySet()) {
                normalized = normalized.replace(e.getKey(), e.getValue());
            }
            lines.add(normalized);
        }

        Packet read(RawGearman peer) {
            Packet p = peer.read();
            add(p);
            return p;
        }

        Packet read(RawGearman peer, Duration timeout) {
            Packet p = peer.read(timeout);
            add(p);
            return p;
        }
    }

    private static List<String> onBoth(Function<JobServer, List<String>> scenario) {
        List<String> real;
        try (Gearmand gearmand = Gearmand.start()) {
            real = scenario.apply(gearmand);
        }
        List<String> embedded;
        try (EmbeddedJobServer server = EmbeddedJobServer.start()) {
            embedded = scenario.apply(server);
        }
        assertThat(embedded).as("embedded vs gearmand").containsExactlyElementsOf(real);
        return real;
    }

    @Test
    void pipelinedBurstRepliesMatchInOrder() {
        List<String> replies = onBoth(server -> {
            Transcript t = new Transcript();
            try (RawGearman c = RawGearman.connect(server)) {
                c.sendAll(List.of(
                        Packet.requestText(SUBMIT_JOB, "burst", "u1", "a"),
                        Packet.requestText(SUBMIT_JOB, "burst", "x".repeat(70), "b"),
                        Packet.requestText(ECHO_REQ, "e1"),
                        Packet.requestText(GET_STATUS, "no-such-handle"),
                        Packet.requestText(OPTION_REQ, "bogus"),
                        Packet.requestText(SUBMIT_JOB_BG, "burst", "u2", "c"),
                        Packet.requestText(OPTION_REQ, "exceptions"),
                        Packet.requestText(SUBMIT_JOB_SCHED, "burst", "u3", "1", "2", "3", "4", "5", "d"),
                        Packet.requestText(ECHO_REQ, "e2")));
                for (int i = 0; i < 9; i++) {
                    t.read(c);
                }
            }
            return t.lines;
        });
        assertThat(replies).containsExactly("JOB_CREATED H1", "ERROR ARGUMENT_TOO_LARGE Unique value too large",
                "ECHO_RES e1", "STATUS_RES no-such-handle 0 0 0 0",
                "ERROR UNKNOWN_OPTION Server does not recognize given option", "JOB_CREATED H2",
                "OPTION_RES exceptions", "ERROR INVALID_COMMAND Command not expected", "ECHO_RES e2");
    }

    @Test
    void coalescingStatusAndResultsMatch() {
        onBoth(server -> {
            Transcript t = new Transcript();
            try (RawGearman c1 = RawGearman.connect(server); RawGearman c2 = RawGearman.connect(server);
                 RawGearman w = RawGearman.connect(server)) {
                c1.send(SUBMIT_JOB_BG, "co", "same", "first");
                t.read(c1);
                c2.send(SUBMIT_JOB, "co", "same", "second");
                t.read(c2);
                c2.send(SUBMIT_JOB, "co", "-", "hashed");
                t.read(c2);
                c1.send(SUBMIT_JOB_BG, "co", "-", "hashed");
                t.read(c1);
                c1.send(SUBMIT_JOB_BG, "co", "", "e");
                t.read(c1);
                c1.send(SUBMIT_JOB_BG, "co", "", "e");
                t.read(c1);
                c2.send(GET_STATUS_UNIQUE, "same");
                t.read(c2);
                w.canDo("co");
                w.send(GRAB_JOB_UNIQ);
                Packet assign = t.read(w);
                String handle = assign.text(0);
                w.send(WORK_STATUS, handle, "3", "7");
                t.read(c2);
                c1.send(GET_STATUS, handle);
                t.read(c1);
                w.send(WORK_DATA, handle, "partial");
                t.read(c2);
                w.send(WORK_COMPLETE, handle, "result");
                t.read(c2);
                c1.send(GET_STATUS, handle);
                t.read(c1);
                t.add(AdminText.oneList(server.address(), "status"));
                t.add(AdminText.oneList(server.address(), "prioritystatus"));
            }
            return t.lines;
        });
    }

    @Test
    void exceptionForwardingAndJobNotFoundMatchExceptGearmandsNulInTheConvertedWorkFail() {
        Function<JobServer, List<String>> scenario = server -> {
            Transcript t = new Transcript();
            try (RawGearman asked = RawGearman.connect(server); RawGearman plain = RawGearman.connect(server);
                 RawGearman w = RawGearman.connect(server)) {
                asked.send(OPTION_REQ, "EXCEPTIONS");
                t.read(asked);
                asked.send(SUBMIT_JOB, "ex", "u", "x");
                t.read(asked);
                plain.send(SUBMIT_JOB, "ex", "u", "x");
                t.read(plain);
                w.canDo("ex");
                w.send(GRAB_JOB);
                String handle = t.read(w).text(0);
                w.send(WORK_EXCEPTION, handle, "boom");
                t.read(asked);
                t.read(plain);
                w.send(WORK_FAIL, handle);
                t.read(w);
                w.send(WORK_DATA, handle, "x");
                t.read(w);
                w.send(WORK_STATUS, handle, "1", "2");
                t.read(w);
                w.send(WORK_EXCEPTION, handle, "x");
                t.read(w);
                w.send(GRAB_JOB);
                t.read(w);
            }
            return t.lines;
        };
        List<String> real;
        try (Gearmand gearmand = Gearmand.start()) {
            real = scenario.apply(gearmand);
        }
        List<String> embedded;
        try (EmbeddedJobServer server = EmbeddedJobServer.start()) {
            embedded = scenario.apply(server);
        }
        // gearmand 1.1.20 builds the WORK_FAIL that replaces WORK_EXCEPTION for a client without the exceptions
        // option from the exception's handle argument including its NUL separator: the handle arrives as "H:x:1\0".
        // The embedded server sends the clean handle, like every other WORK_FAIL.
        assertThat(real.get(5)).isEqualTo("WORK_FAIL H1<NUL>");
        assertThat(embedded.get(5)).isEqualTo("WORK_FAIL H1");
        real.set(5, "WORK_FAIL H1");
        assertThat(embedded).containsExactlyElementsOf(real);
    }

    @Test
    void workerLossRequeuesAtTheTailAndAdminListingsMatch() {
        onBoth(server -> {
            Transcript t = new Transcript();
            try (RawGearman c = RawGearman.connect(server); RawGearman w2 = RawGearman.connect(server)) {
                c.send(SUBMIT_JOB, "rq", "1", "x");
                t.read(c);
                c.send(SUBMIT_JOB_LOW_BG, "rq", "2", "y");
                t.read(c);
                try (RawGearman w1 = RawGearman.connect(server)) {
                    w1.canDo("rq");
                    w1.send(GRAB_JOB_UNIQ);
                    t.read(w1);
                }
                // gearmand handles each connection on its own I/O thread: wait until it has seen w1 go, so that w2
                // meets the requeued job rather than racing the disconnect.
                AdminText.await(server.address(), "status", "rq\t2\t0\t0\n.\n");
                c.sync();
                w2.canDo("rq");
                w2.send(PRE_SLEEP);
                t.read(w2); // NOOP at once: work is waiting
                w2.send(GRAB_JOB_UNIQ);
                t.read(w2);
                t.add(AdminText.oneList(server.address(), "show jobs"));
                t.add(AdminText.oneList(server.address(), "status"));
                t.add(AdminText.oneLine(server.address(), "maxqueue rq 1"));
                c.send(SUBMIT_JOB_BG, "rq", "3", "z");
                t.read(c);
                t.add(AdminText.oneLine(server.address(), "bogus"));
            }
            return t.lines;
        });
    }

    @Test
    void priorityDiffersGearmand1120IsPerFunctionEmbeddedIsGlobal() {
        Function<JobServer, List<String>> scenario = server -> {
            Transcript t = new Transcript();
            try (RawGearman c = RawGearman.connect(server); RawGearman w = RawGearman.connect(server)) {
                c.submit(SUBMIT_JOB_HIGH_BG, "pa", "hi", "");
                c.submit(SUBMIT_JOB_LOW_BG, "pb", "lo", "");
                w.canDo("pa", "pb");
                for (int i = 0; i < 2; i++) {
                    w.send(GRAB_JOB_UNIQ);
                    t.add(w.read().text(2));
                }
            }
            return t.lines;
        };
        try (Gearmand gearmand = Gearmand.start()) {
            // gearmand 1.1.20 scans the worker's functions (last CAN_DO first) and takes the first with work:
            // priority only counts within one function, so pb's LOW job goes before pa's HIGH job
            assertThat(scenario.apply(gearmand)).containsExactly("lo", "hi");
        }
        try (EmbeddedJobServer embedded = EmbeddedJobServer.start()) {
            // embedded follows gearmand 2.0: any HIGH job before any LOW job among the worker's functions
            assertThat(scenario.apply(embedded)).containsExactly("hi", "lo");
        }
    }

    @Test
    void epochWakeUpDiffersGearmand1120NeverWakesTheSleepingWorker() {
        Function<JobServer, Boolean> wokenWhenDue = server -> {
            try (RawGearman c = RawGearman.connect(server); RawGearman w = RawGearman.connect(server)) {
                w.canDo("ep");
                // due in 2 to 3 s (second precision): the worker has 2 s, not 1, to grab and sleep before it
                long due = (System.currentTimeMillis() + 3000) / 1000;
                c.submit(SUBMIT_JOB_EPOCH, "ep", "e", Long.toString(due), "x");
                // on submit gearmand wakes idle workers even though the job is not due; drain that round
                w.send(GRAB_JOB_UNIQ);
                assertThat(w.read().type()).isEqualTo(NO_JOB);
                w.send(PRE_SLEEP);
                // gearmand: watch until 2 s past the due time for a NOOP that must not come; embedded: the NOOP must
                // come, so allow a loaded machine the whole reply timeout
                Duration watch = server instanceof Gearmand
                        ? Duration.ofMillis(Math.max(100, due * 1000 + 2000 - System.currentTimeMillis()))
                        : RawGearman.REPLY_TIMEOUT;
                try {
                    Packet p = w.read(watch);
                    return p.type() == NOOP;
                } catch (AssertionError timeout) {
                    return false;
                }
            }
        };
        try (Gearmand gearmand = Gearmand.start()) {
            // gearmand 1.1.20: no NOOP when the epoch job becomes due (fixed in 2.0, gearmand issue #343)
            assertThat(wokenWhenDue.apply(gearmand)).isFalse();
        }
        try (EmbeddedJobServer embedded = EmbeddedJobServer.start()) {
            assertThat(wokenWhenDue.apply(embedded)).isTrue();
        }
    }

    @Test
    void canDoTimeoutDiffersGearmand1120RequeuesEmbeddedFailsTheJob() {
        Function<JobServer, List<String>> scenario = server -> {
            Transcript t = new Transcript();
            try (RawGearman c = RawGearman.connect(server); RawGearman w = RawGearman.connect(server)) {
                w.send(CAN_DO_TIMEOUT, "slow", "1000");
                c.send(SUBMIT_JOB, "slow", "u", "x");
                String handle = t.read(c).text(0);
                w.send(GRAB_JOB_UNIQ);
                t.read(w);
                // gearmand: 3 s for a packet that must not come; embedded: the WORK_FAIL must come, allow it all the
                // reply timeout
                try {
                    t.read(c, server instanceof Gearmand ? Duration.ofSeconds(3) : RawGearman.REPLY_TIMEOUT);
                } catch (AssertionError timeout) {
                    t.add("(client told nothing)");
                }
                if (server instanceof Gearmand) {
                    // its 1 s timer requeued the job (running 0, still queued): wait for that, not on the clock
                    AdminText.await(server.address(), "status", "slow\t1\t0\t1\n.\n");
                }
                w.send(WORK_COMPLETE, handle, "late");
                t.read(w);
                c.send(GET_STATUS, handle);
                t.read(c);
            }
            return t.lines;
        };
        try (Gearmand gearmand = Gearmand.start()) {
            // gearmand 1.1.20 requeues the job when the timer fires and tells the client nothing (docs/gearmand-notes.md, CAN_DO_TIMEOUT)
            assertThat(scenario.apply(gearmand)).containsExactly("JOB_CREATED H1", "JOB_ASSIGN_UNIQ H1 slow u x",
                    "(client told nothing)", "ERROR JOB_NOT_FOUND Job given in work result not found",
                    "STATUS_RES H1 1 0 0 0");
        }
        try (EmbeddedJobServer embedded = EmbeddedJobServer.start()) {
            // embedded: the timer belongs to this job attempt and fails it, as the protocol text describes
            assertThat(scenario.apply(embedded)).containsExactly("JOB_CREATED H1", "JOB_ASSIGN_UNIQ H1 slow u x",
                    "WORK_FAIL H1", "ERROR JOB_NOT_FOUND Job given in work result not found",
                    "STATUS_RES H1 0 0 0 0");
        }
    }

    @Test
    void sixtyFourByteUniqueDiffersGearmand1120TruncatesEmbeddedRejects() {
        Function<JobServer, String> scenario = server -> {
            try (RawGearman c = RawGearman.connect(server)) {
                c.send(SUBMIT_JOB_BG, "u64", "u".repeat(64), "x");
                return c.read().type().name();
            }
        };
        try (Gearmand gearmand = Gearmand.start()) {
            assertThat(scenario.apply(gearmand)).isEqualTo("JOB_CREATED"); // silently cut to 63 bytes
        }
        try (EmbeddedJobServer embedded = EmbeddedJobServer.start()) {
            assertThat(scenario.apply(embedded)).isEqualTo("ERROR");
        }
    }
}
