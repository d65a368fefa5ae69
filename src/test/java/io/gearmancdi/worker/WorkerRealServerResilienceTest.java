package io.gearmancdi.worker;

import io.gearmancdi.ServerAddress;
import io.gearmancdi.protocol.ExceptionPayload;
import io.gearmancdi.protocol.Packet;
import io.gearmancdi.protocol.PacketType;
import io.gearmancdi.testing.AdminText;
import io.gearmancdi.testing.Gearmand;
import io.gearmancdi.testing.PerlGearmanServer;
import io.gearmancdi.testing.RawGearman;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import static io.gearmancdi.testing.RawGearman.text;
import static io.gearmancdi.testing.RawGearman.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Worker resilience against real servers (issues 10 and 11): the Perl server that refuses {@code GRAB_JOB_UNIQ}, a
 * gearmand frozen with {@code SIGSTOP}, and a job too big for the worker JVM's heap.
 */
class WorkerRealServerResilienceTest extends AbstractWorkerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static String functionStatus(ServerAddress server, String function, int workers) {
        return AdminText.await(server, "status", status -> status.lines()
                .anyMatch(l -> l.startsWith(function + "\t") && l.endsWith("\t" + workers)),
                workers + " worker(s) for " + function);
    }

    @Test
    @DisplayName("issue 11 item 1: the worker serves jobs from the Perl Gearman::Server (no GRAB_JOB_UNIQ there)")
    void issue11item1_workerServesJobsFromThePerlServer() {
        try (PerlGearmanServer perl = PerlGearmanServer.start();
             RawGearman client = RawGearman.connect(perl)) {
            worker = GearmanWorker.create(WorkerOptions.builder().servers(List.of(perl.address())).build())
                    .register("upper", job -> utf8(text(job.payload()).toUpperCase()));
            worker.start();

            for (String word : List.of("one", "two", "three")) {
                String handle = client.submit("upper", "", utf8(word));
                List<Packet> end = client.awaitEnd(handle, WAIT);
                assertThat(end.get(end.size() - 1).type()).as("%s", end).isEqualTo(PacketType.WORK_COMPLETE);
                assertThat(text(end.get(end.size() - 1).data())).isEqualTo(word.toUpperCase());
            }
        }
    }

    @Test
    @DisplayName("issue 10 item 9: a gearmand frozen by SIGSTOP is dropped within the bound; the other keeps serving")
    void issue10item9_frozenGearmandIsDroppedWhileTheHealthyOneKeepsServing() throws Exception {
        try (Gearmand frozen = Gearmand.start(); Gearmand healthy = Gearmand.start()) {
            worker = GearmanWorker.create(WorkerOptions.builder().servers(List.of(frozen.address(), healthy.address()))
                            .pollInterval(Duration.ofMillis(200)).replyTimeout(Duration.ofSeconds(1))
                            .backoff(Duration.ofMillis(50), Duration.ofMillis(500)).build())
                    .register("echo", job -> job.payload());
            worker.start();
            functionStatus(frozen.address(), "echo", 1);
            functionStatus(healthy.address(), "echo", 1);
            String pid = AdminText.oneLine(frozen.address(), "getpid").strip().substring("OK ".length());

            signal("STOP", pid);
            try {
                assertThat(logs.await(Level.WARNING, "GEARMAN-3010: lost connection to " + frozen.address(),
                        WAIT.toMillis())).as("the frozen server's connection is dropped").isTrue();
                assertThat(logs.containing("sent no reply within 1000 ms")).isNotEmpty();
                try (RawGearman client = RawGearman.connect(healthy)) {
                    for (int i = 0; i < 3; i++) {
                        String handle = client.submit("echo", "", utf8("still " + i));
                        List<Packet> end = client.awaitEnd(handle, WAIT);
                        assertThat(text(end.get(0).data())).isEqualTo("still " + i);
                    }
                }
                assertThat(worker.isHealthy()).isTrue();
            } finally {
                signal("CONT", pid);
            }
            try (RawGearman client = RawGearman.connect(frozen)) {
                String handle = client.submit("echo", "", utf8("thawed"));
                assertThat(text(client.awaitEnd(handle, WAIT).get(0).data())).as("registered again").isEqualTo("thawed");
            }
        }
    }

    private static void signal(String signal, String pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, pid).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -%s %s", signal, pid).isZero();
    }

    @Test
    @DisplayName("issue 10 item 4: a 40 MB job against a 64 MiB worker heap: it serves on or exits non-zero, never idles")
    void issue10item4_jobTooBigForTheHeapNeverLeavesTheWorkerUpWithoutRegistrations(@TempDir Path dir)
            throws Exception {
        try (Gearmand gearmand = Gearmand.start(); RawGearman client = RawGearman.connect(gearmand)) {
            Path out = dir.resolve("worker.out");
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx64m", "-cp", System.getProperty("java.class.path"), SmallHeapWorkerMain.class.getName(),
                    gearmand.address().toString()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            try {
                functionStatus(gearmand.address(), "sized", 1);
                client.submit(PacketType.SUBMIT_JOB_BG, "sized", "big", new byte[40 * 1024 * 1024]);
                String small = client.submit("sized", "small", utf8("12345"));

                // the two acceptable ends: the process exits non-zero, or it has served everything (the big job failed
                // or done, the small one answered) and is still registered. Anything else until the deadline fails.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                boolean smallServed = false;
                while (true) {
                    if (!child.isAlive()) {
                        assertThat(child.exitValue()).as("exit status; output:%n%s", Files.readString(out))
                                .isNotZero();
                        break;
                    }
                    List<Packet> packets = client.drain(small, Duration.ofMillis(200));
                    if (!packets.isEmpty()) {
                        assertThat(text(packets.get(0).data())).isEqualTo("5");
                        smallServed = true;
                    }
                    boolean idleAndRegistered = AdminText.oneList(gearmand.address(), "status").lines()
                            .anyMatch(l -> l.equals("sized\t0\t0\t1"));
                    if (smallServed && idleAndRegistered && child.isAlive()) {
                        break;
                    }
                    assertThat(System.nanoTime() - deadline).as("neither served on nor exited; output:%n%s",
                            Files.readString(out)).isNegative();
                }
            } finally {
                child.destroyForcibly();
                child.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    @DisplayName("issue 10 item 12: a job above the worker's packet limit fails once, naming the limit; the worker serves on")
    void issue10item12_jobAboveThePacketLimitFailsOnceAndTheWorkerServesOn() {
        try (Gearmand gearmand = Gearmand.start(); RawGearman client = RawGearman.connect(gearmand)) {
            worker = GearmanWorker.create(WorkerOptions.builder().servers(List.of(gearmand.address()))
                            .maxPacketSize(4096).build())
                    .register("sized", job -> utf8(Integer.toString(job.payload().length)));
            worker.start();
            client.withExceptions();

            String big = client.submit("sized", "big", new byte[200_000]);
            List<Packet> failure = client.awaitEnd(big, WAIT);
            String small = client.submit("sized", "small", utf8("12345"));
            List<Packet> served = client.awaitEnd(small, WAIT);

            assertThat(failure).extracting(Packet::type).containsExactly(PacketType.WORK_WARNING, PacketType.WORK_FAIL);
            ExceptionPayload details = ExceptionPayload.decodeFailure(failure.get(0).data());
            assertThat(details.type()).isEqualTo("io.gearmancdi.GearmanPayloadException");
            assertThat(details.message()).contains(big, "'sized'", "limit of 4096 bytes");
            assertThat(text(served.get(0).data())).isEqualTo("5");
            assertThat(client.drain(big, Duration.ofMillis(300))).as("failed once, not requeued").isEmpty();
            assertThat(AdminText.oneList(gearmand.address(), "status")).contains("sized\t0\t0\t1");
            assertThat(logs.containing("GEARMAN-3026")).hasSize(1);
        }
    }
}
