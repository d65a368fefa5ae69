package io.gearmancdi.server;

import io.gearmancdi.ServerAddress;
import io.gearmancdi.protocol.Packet;
import io.gearmancdi.cdi.GearmanExtension;
import io.gearmancdi.cdi.fixtures.GearmanJobs;
import io.gearmancdi.testing.AdminText;
import io.gearmancdi.testing.CdiApp;
import io.gearmancdi.testing.EmbeddedJobServer;
import io.gearmancdi.testing.RawGearman;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.gearmancdi.protocol.PacketType.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Memory bounds of the embedded server (issue 10 items 6 and 7): read buffers grow with the bytes that arrive and stay
 * within a budget across connections; queues are bounded by jobs and bytes with {@code QUEUE_ERROR}; an error that
 * stops the server stops the command-line process with a non-zero status.
 */
class EmbeddedServerLimitsTest {
    private static final int REQ = 0x00524551;
    private static final int MIB = 1024 * 1024;

    @Test
    void issue10item6_headersDeclaringHugeBodiesDoNotExhaustASmallHeap() throws Exception {
        // 40 connections x 12 bytes once brought a 1 GiB server down; here 40 x 64 MiB declared against a 48 MiB heap
        ChildServer child = ChildServer.start("-Xmx48m");
        try {
            List<RawGearman> liars = new ArrayList<>();
            try {
                for (int i = 0; i < 40; i++) {
                    RawGearman liar = RawGearman.connect(child.address);
                    liars.add(liar);
                    liar.writeRaw(RawGearman.header(REQ, SUBMIT_JOB_BG.code(), 64 * MIB));
                    liar.writeRaw("f\0u\0some bytes of the body".getBytes(StandardCharsets.US_ASCII));
                }
                try (RawGearman healthy = RawGearman.connect(child.address)) {
                    healthy.send(ECHO_REQ, "alive").expect(ECHO_RES, "alive");
                    assertThat(healthy.submit(SUBMIT_JOB_BG, "f", "", new byte[MIB])).startsWith("H:");
                }
            } finally {
                liars.forEach(RawGearman::close);
            }
            assertThat(child.process.isAlive()).as("the server process is alive").isTrue();
        } finally {
            child.stop();
        }
    }

    @Test
    void issue10item6_readBuffersOfAllConnectionsStayWithinTheirBudget() throws Exception {
        // the budget is raised to one maximal packet plus 64 KiB: room for one of these packets, not for two
        try (EmbeddedJobServer server = EmbeddedJobServer.start(b -> b.maxPacketSize(MIB).maxBufferedInput(MIB));
             RawGearman a = RawGearman.connect(server);
             RawGearman b = RawGearman.connect(server)) {
            a.send(SET_CLIENT_ID, "a").sync();
            b.send(SET_CLIENT_ID, "b").sync();
            byte[] payload = new byte[MIB - 10];
            Arrays.fill(payload, (byte) 'x');
            byte[] packetA = Packet.request(SUBMIT_JOB_BG, "f".getBytes(), "ua".getBytes(), payload).encode();
            byte[] packetB = Packet.request(SUBMIT_JOB_BG, "f".getBytes(), "ub".getBytes(), payload).encode();
            int held = packetA.length - 1000;
            // both send all but the end of their packet at once; whichever crosses the budget first is refused
            Thread writerA = writer(a, Arrays.copyOf(packetA, held));
            Thread writerB = writer(b, Arrays.copyOf(packetB, held));
            String workers = AdminText.await(server.address(), "workers",
                    list -> list.contains(" a :") != list.contains(" b :"), "one of the two connections closed");
            boolean aSurvived = workers.contains(" a :");
            RawGearman survivor = aSurvived ? a : b;
            RawGearman refused = aSurvived ? b : a;
            byte[] survivorPacket = aSurvived ? packetA : packetB;
            assertThat(refused.expectClosed()).singleElement().satisfies(p -> {
                assertThat(p.type()).isEqualTo(ERROR);
                assertThat(p.text(0)).isEqualTo("MEMORY_ALLOCATION_FAILURE");
            });
            writerA.join(10_000);
            writerB.join(10_000);
            survivor.writeRaw(Arrays.copyOfRange(survivorPacket, held, survivorPacket.length));
            assertThat(survivor.expect(JOB_CREATED).text(0)).startsWith("H:");
            // the budget is free again once the packet is received
            try (RawGearman third = RawGearman.connect(server)) {
                assertThat(third.submit(SUBMIT_JOB_BG, "f", "u3", payload)).startsWith("H:");
            }
            assertThat(server.server().isRunning()).isTrue();
        }
    }

    /** Writes in a thread of its own: the server may stop reading (and close) before a blocking write returns. */
    private static Thread writer(RawGearman connection, byte[] bytes) {
        Thread t = new Thread(() -> {
            try {
                connection.writeRaw(bytes);
            } catch (UncheckedIOException refused) {
                // closed by the server while writing: the test checks what it answered
            }
        }, "writer");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void issue10item7_floodOfBackgroundJobsGetsQueueErrorAndTheServerStillServes() {
        try (EmbeddedJobServer server = EmbeddedJobServer.start(b -> b.maxQueueBytes(MIB));
             RawGearman client = RawGearman.connect(server)) {
            byte[] kib = new byte[1024];
            int created = 0;
            Packet refused = null;
            for (int i = 0; i < 10_000 && refused == null; i++) {
                Packet reply = client.trySubmit(SUBMIT_JOB_BG, "flood", "u" + i, kib);
                if (reply.type() == JOB_CREATED) {
                    created++;
                } else {
                    refused = reply;
                }
            }
            assertThat(refused).as("a submit beyond 1 MiB of jobs is refused").isNotNull();
            assertThat(refused.text(0)).isEqualTo("QUEUE_ERROR");
            assertThat(created).as("jobs accepted before the bound").isBetween(MIB / 2048, MIB / 1024);
            // the server still serves: a worker drains one job, and then there is room for one more
            try (RawGearman worker = RawGearman.connect(server).canDo("flood")) {
                Packet assign = worker.grab();
                worker.send(WORK_COMPLETE, assign.text(0), "");
                worker.sync();
            }
            assertThat(client.trySubmit(SUBMIT_JOB_BG, "flood", "again", kib).type()).isEqualTo(JOB_CREATED);
            assertThat(client.trySubmit(SUBMIT_JOB_BG, "flood", "too many", kib).text(0)).isEqualTo("QUEUE_ERROR");
        }
    }

    @Test
    void issue10item7_floodAtTheDefaultBoundsGetsQueueErrorAndTheServerLives() throws Exception {
        // no limit options: 1 KiB background jobs filled a 256 MiB server in seconds and killed it; here the default
        // byte bound must refuse them long before a 64 MiB heap runs out
        ChildServer child = ChildServer.start("-Xmx64m");
        try (RawGearman client = RawGearman.connect(child.address)) {
            byte[] kib = new byte[1024];
            int created = 0;
            Packet refused = null;
            // bounded: 256 MiB of jobs, four times the heap
            for (int batch = 0; batch < 256 && refused == null; batch++) {
                List<Packet> packets = new ArrayList<>(1024);
                for (int i = 0; i < 1024; i++) {
                    packets.add(Packet.request(SUBMIT_JOB_BG, "flood".getBytes(StandardCharsets.UTF_8),
                            (batch + "-" + i).getBytes(StandardCharsets.UTF_8), kib));
                }
                client.sendAll(packets);
                for (int i = 0; i < packets.size(); i++) {
                    Packet reply = client.read();
                    if (reply.type() == JOB_CREATED) {
                        created++;
                    } else if (refused == null) {
                        refused = reply;
                    }
                }
            }
            assertThat(refused).as("a flood at the defaults is refused (%d jobs accepted)", created).isNotNull();
            assertThat(refused.type()).isEqualTo(ERROR);
            assertThat(refused.text(0)).isEqualTo("QUEUE_ERROR");
            assertThat(created).as("jobs accepted: at most the heap's worth").isLessThan(64 * 1024);
            client.send(ECHO_REQ, "alive").expect(ECHO_RES, "alive");
            try (RawGearman worker = RawGearman.connect(child.address).canDo("flood")) {
                Packet assign = worker.grab();
                worker.send(WORK_COMPLETE, assign.text(0), "");
                worker.sync();
            }
            assertThat(child.process.isAlive()).as("the server process is alive").isTrue();
        } finally {
            child.stop();
        }
    }

    @Test
    void issue10items7and8_cliOptionsReachTheServer() throws Exception {
        ChildServer child = ChildServer.start("-Xmx64m", "--max-queue", "2", "--max-packet-size", "65536",
                "--allow-admin-shutdown");
        try {
            try (RawGearman client = RawGearman.connect(child.address)) {
                client.submit(SUBMIT_JOB_BG, "f", "1", new byte[0]);
                client.submit(SUBMIT_JOB_BG, "f", "2", new byte[0]);
                assertThat(client.trySubmit(SUBMIT_JOB_BG, "f", "3", new byte[0]).text(0)).isEqualTo("QUEUE_ERROR");
                client.writeRaw(RawGearman.header(REQ, SUBMIT_JOB_BG.code(), 65536 + 1));
                assertThat(client.expectClosed()).singleElement()
                        .satisfies(p -> assertThat(p.text(0)).isEqualTo("ARGUMENT_TOO_LARGE"));
            }
            assertThat(AdminText.oneLine(child.address, "shutdown")).isEqualTo("OK\r\n");
            assertThat(child.process.waitFor(30, TimeUnit.SECONDS)).as("the process ends").isTrue();
            assertThat(child.process.exitValue()).isZero();
        } finally {
            child.stop();
        }
    }

    @Test
    void issue10item7_jobCountBoundPerFunctionGetsQueueError() {
        try (EmbeddedJobServer server = EmbeddedJobServer.start(b -> b.maxQueue(3));
             RawGearman client = RawGearman.connect(server)) {
            for (int i = 0; i < 3; i++) {
                client.submit(SUBMIT_JOB_BG, "f", "u" + i, new byte[0]);
            }
            assertThat(client.trySubmit(SUBMIT_JOB_BG, "f", "u3", new byte[0]).text(0)).isEqualTo("QUEUE_ERROR");
            assertThat(client.trySubmit(SUBMIT_JOB_BG, "g", "u3", new byte[0]).type()).isEqualTo(JOB_CREATED);
        }
    }

    @Test
    void issue10item7_cliExitsNonZeroWhenTheServerRunsOutOfMemory() throws Exception {
        ChildServer child = ChildServer.start("-Xmx32m", "--max-queue", "0", "--max-queue-bytes", "0");
        try (RawGearman client = RawGearman.connect(child.address)) {
            byte[] kib = new byte[1024];
            List<String> uniques = new ArrayList<>();
            // bounded: 256 MiB of jobs is eight times the heap; the server dies long before
            for (int batch = 0; batch < 256 && child.process.isAlive(); batch++) {
                uniques.clear();
                for (int i = 0; i < 1024; i++) {
                    uniques.add(batch + "-" + i);
                }
                try {
                    client.submitBackgroundPipelined("flood", uniques, kib, 256);
                } catch (RuntimeException | AssertionError e) {
                    break; // the server went away
                }
            }
            assertThat(child.process.waitFor(60, TimeUnit.SECONDS)).as("the process exits").isTrue();
            assertThat(child.process.exitValue()).isEqualTo(1);
            assertThat(Files.readString(child.stderr)).contains("GEARMAN-5012").contains("OutOfMemoryError");
        } finally {
            child.stop();
        }
    }

    @Test
    void issue10items7and8_cdiKeysReachTheEmbeddedServer() {
        try (CdiApp app = CdiApp.start(Map.of("gearman.embedded-server.enabled", "true",
                "gearman.embedded-server.port", "0", "gearman.job-name.prefix", "none",
                "gearman.embedded-server.max-queue", "2", "gearman.embedded-server.max-packet-size", "64k"),
                GearmanJobs.class)) {
            EmbeddedGearmanServer server = app.get(GearmanExtension.class).embeddedServer();
            try (RawGearman client = RawGearman.connect(server.address())) {
                client.submit(SUBMIT_JOB_BG, "nobody", "1", new byte[0]);
                client.submit(SUBMIT_JOB_BG, "nobody", "2", new byte[0]);
                assertThat(client.trySubmit(SUBMIT_JOB_BG, "nobody", "3", new byte[0]).text(0))
                        .isEqualTo("QUEUE_ERROR");
                client.writeRaw(RawGearman.header(REQ, SUBMIT_JOB_BG.code(), 64 * 1024 + 1));
                assertThat(client.expectClosed()).singleElement()
                        .satisfies(p -> assertThat(p.text(0)).isEqualTo("ARGUMENT_TOO_LARGE"));
            }
            assertThat(AdminText.oneLine(server.address(), "shutdown")).startsWith("ERR UNKNOWN_COMMAND");
            assertThat(server.isRunning()).isTrue();
        }
    }

    @Test
    void cliHelpListsTheLimitOptions() throws Exception {
        Process p = new ProcessBuilder(ChildServer.command(List.of(), List.of("--help"))).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(out).contains("--max-queue ", "--max-queue-bytes", "--max-packet-size", "--allow-admin-shutdown");
    }

    /** The command-line server in its own JVM, with JVM options and server options. */
    private static final class ChildServer {
        final Process process;
        final ServerAddress address;
        final Path stderr;

        private ChildServer(Process process, ServerAddress address, Path stderr) {
            this.process = process;
            this.address = address;
            this.stderr = stderr;
        }

        static List<String> command(List<String> jvmOptions, List<String> serverOptions) {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), EmbeddedGearmanServer.class.getName(),
                    "--host", "127.0.0.1", "--port", "0"));
            command.addAll(serverOptions);
            return command;
        }

        static ChildServer start(String xmx, String... serverOptions) throws IOException {
            Path stderr = Files.createTempFile("embedded-server", ".err");
            stderr.toFile().deleteOnExit();
            Process p = new ProcessBuilder(command(List.of(xmx), List.of(serverOptions)))
                    .redirectError(stderr.toFile()).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("listening on 127.0.0.1:")) {
                p.destroyForcibly();
                throw new IllegalStateException("server did not start: " + line + " " + Files.readString(stderr));
            }
            return new ChildServer(p, new ServerAddress("127.0.0.1",
                    Integer.parseInt(line.substring(line.lastIndexOf(':') + 1))), stderr);
        }

        void stop() {
            process.destroyForcibly();
            try {
                process.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                Files.deleteIfExists(stderr);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
