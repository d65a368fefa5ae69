package io.gearmancdi.se;

import io.gearmancdi.ServerAddress;
import io.gearmancdi.protocol.PacketType;
import io.gearmancdi.testing.AdminText;
import io.gearmancdi.testing.Gearmand;
import io.gearmancdi.testing.JavaSources;
import io.gearmancdi.testing.RawGearman;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12: a worker JVM killed ({@code kill -9}) after it queued a background retry but before it ended the failed
 * attempt loses nothing. A proxy between the worker and gearmand holds the worker's traffic from the moment the retry
 * is submitted, so the kill lands exactly in that window; a second worker JVM then finishes the job.
 */
class RetryKillTest {
    private static final String JOBS = """
            package com.acme.kill;

            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.nio.file.StandardOpenOption;

            @jakarta.enterprise.context.ApplicationScoped
            public class GearmanJobs {
                @io.gearmancdi.GearmanJob(retries = 2, backoff = "20s", maxBackoff = "20s")
                public String once(String log, io.gearmancdi.JobContext context) throws Exception {
                    Files.writeString(Path.of(log), context.attempt() + " " + context.unique() + "\\n",
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    if (context.attempt() == 1) {
                        throw new IllegalStateException("first attempt fails");
                    }
                    return "done";
                }
            }
            """;

    /**
     * Where the worker is killed: right after its retry reached gearmand (the failed attempt not yet ended), or right
     * after it ended the failed attempt. Had the worker ended the attempt before queueing the retry, the second case
     * would hold the retry back and lose the job: the await for the queued retry fails.
     */
    enum KillPoint {
        AFTER_RETRY_QUEUED(PacketType.SUBMIT_JOB_EPOCH, List.of("1 order-1", "1 order-1", "2 order-1#2")),
        AFTER_ATTEMPT_ENDED(PacketType.WORK_FAIL, List.of("1 order-1", "2 order-1#2"));

        final PacketType trigger;
        final List<String> attempts;

        KillPoint(PacketType trigger, List<String> attempts) {
            this.trigger = trigger;
            this.attempts = attempts;
        }
    }

    @ParameterizedTest
    @EnumSource(KillPoint.class)
    @DisplayName("issue 12: kill -9 of the worker JVM between failure and retry loses nothing (at most one extra attempt)")
    void killedWorkerBetweenFailureAndRetryLosesNothingIssue12(KillPoint point, @TempDir Path dir) throws Exception {
        Path app = dir.resolve("app");
        JavaSources.compile(app, "com.acme.kill.GearmanJobs", JOBS, "-parameters");
        Path beansXml = app.resolve("classes/META-INF/beans.xml");
        Files.createDirectories(beansXml.getParent());
        Files.writeString(beansXml, "<beans bean-discovery-mode=\"annotated\" version=\"4.0\"/>");
        Path log = dir.resolve("attempts.log");
        try (Gearmand gearmand = Gearmand.start(); FreezingProxy proxy = new FreezingProxy(gearmand.address(),
                point.trigger)) {
            Process first = worker(app.resolve("classes"), dir.resolve("first.err"), proxy.address());
            Process second = null;
            try {
                try (RawGearman client = RawGearman.connect(gearmand.address())) {
                    client.submit(PacketType.SUBMIT_JOB_BG, "com.acme.kill.once", "order-1",
                            RawGearman.utf8("{\"args\":[\"" + log + "\"]}"));
                }
                assertThat(proxy.triggered.await(60, TimeUnit.SECONDS)).as(Files.readString(dir.resolve(
                        "first.err"))).isTrue();
                AdminText.await(gearmand.address(), "show unique jobs",
                        list -> list.lines().anyMatch("order-1#2"::equals), "the retry queued on gearmand");
                // a second worker, connected straight to gearmand and idle before the kill, so that it takes the requeued
                // attempt long before the retry is due (10 to 20 s after the failure)
                second = worker(app.resolve("classes"), dir.resolve("second.err"), gearmand.address());
                AdminText.await(gearmand.address(), "status", status -> status.lines()
                        .anyMatch(l -> l.startsWith("com.acme.kill.once\t") && l.endsWith("\t2")), "2 workers");
                // everything the first worker sends from now on is held by the proxy: kill it now
                assertThat(new ProcessBuilder("kill", "-9", Long.toString(first.pid())).start()
                        .waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
                proxy.close(); // drops what it held: gearmand sees the worker gone and requeues what it was running

                awaitLines(log, point.attempts.size(), dir.resolve("second.err"));
                // killed before the failed attempt ended: it runs once more (its retry coalesces with the queued one)
                assertThat(Files.readAllLines(log)).containsExactlyElementsOf(point.attempts);
                AdminText.await(gearmand.address(), "status", status -> status.lines()
                        .anyMatch(l -> l.startsWith("com.acme.kill.once\t0\t0\t")), "no job of the function left");
                assertThat(Files.readAllLines(log)).hasSize(point.attempts.size());
            } finally {
                first.destroyForcibly();
                if (second != null) {
                    second.destroyForcibly();
                    second.waitFor(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static Process worker(Path classes, Path err, ServerAddress server) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dgearman.job-name.prefix=none");
        command.add("-Dgearman.worker.poll-interval=200ms");
        command.add("-Djava.util.logging.config.file="
                + Path.of("src/test/resources/logging.properties").toAbsolutePath());
        command.add("-cp");
        command.add(classes + File.pathSeparator + System.getProperty("java.class.path"));
        command.add(GearmanWorkerMain.class.getName());
        command.add("--servers");
        command.add(server.toString());
        return new ProcessBuilder(command).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static void awaitLines(Path file, int count, Path err) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!Files.exists(file) || Files.readAllLines(file).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " attempts in " + file + ": "
                        + (Files.exists(file) ? Files.readAllLines(file) : "none") + "; " + Files.readString(err));
            }
            Thread.sleep(50);
        }
    }

    /**
     * A TCP proxy to one job server that reads the packets its clients send; once one of them has sent the trigger
     * packet, it stops forwarding anything they send (replies still flow).
     */
    private static final class FreezingProxy implements AutoCloseable {
        final CountDownLatch triggered = new CountDownLatch(1);
        private final PacketType trigger;
        private final ServerSocket listener;
        private final ServerAddress target;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        FreezingProxy(ServerAddress target, PacketType trigger) throws IOException {
            this.target = target;
            this.trigger = trigger;
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread accept = new Thread(this::accept, "freezing-proxy");
            accept.setDaemon(true);
            accept.start();
        }

        ServerAddress address() {
            return new ServerAddress("127.0.0.1", listener.getLocalPort());
        }

        private void accept() {
            try {
                while (true) {
                    Socket in = listener.accept();
                    Socket out = new Socket(target.host(), target.port());
                    sockets.add(in);
                    sockets.add(out);
                    pump("server-to-worker", out.getInputStream(), in.getOutputStream());
                    Thread up = new Thread(() -> forwardPackets(in, out), "worker-to-server");
                    up.setDaemon(true);
                    up.start();
                }
            } catch (IOException e) {
                // closed
            }
        }

        private void forwardPackets(Socket in, Socket out) {
            try {
                DataInputStream from = new DataInputStream(in.getInputStream());
                OutputStream to = out.getOutputStream();
                byte[] header = new byte[12];
                while (true) {
                    from.readFully(header);
                    ByteBuffer b = ByteBuffer.wrap(header);
                    b.getInt();
                    int type = b.getInt();
                    byte[] body = new byte[b.getInt()];
                    from.readFully(body);
                    if (triggered.getCount() == 0) {
                        continue; // held back (dropped): the worker believes it sent it
                    }
                    to.write(header);
                    to.write(body);
                    to.flush();
                    if (type == trigger.code()) {
                        triggered.countDown();
                    }
                }
            } catch (IOException e) {
                // closed
            }
        }

        private static void pump(String name, InputStream from, OutputStream to) {
            Thread t = new Thread(() -> {
                try {
                    from.transferTo(to);
                } catch (IOException e) {
                    // closed
                }
            }, name);
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
