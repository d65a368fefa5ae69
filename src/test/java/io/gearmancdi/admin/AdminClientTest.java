package io.gearmancdi.admin;

import io.gearmancdi.GearmanConnectionException;
import io.gearmancdi.GearmanProtocolException;
import io.gearmancdi.GearmanServerException;
import io.gearmancdi.GearmanTimeoutException;
import io.gearmancdi.ServerAddress;
import io.gearmancdi.protocol.Packet;
import io.gearmancdi.protocol.PacketType;
import io.gearmancdi.testing.Gearmand;
import io.gearmancdi.testing.PerlGearmanServer;
import io.gearmancdi.testing.RawGearman;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static io.gearmancdi.testing.RawGearman.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The admin client against a real gearmand (every command parsed from real replies), and against a tiny socket server
 * that answers malformed replies (a bad-input generator, not a stand-in for gearmand).
 */
class AdminClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Nested
    class AgainstGearmand {
        private Gearmand gearmand;

        @org.junit.jupiter.api.BeforeEach
        void start() {
            gearmand = Gearmand.start();
        }

        @org.junit.jupiter.api.AfterEach
        void stop() {
            gearmand.close();
        }

        private AdminClient admin() {
            return AdminClient.connect(gearmand.address(), TIMEOUT);
        }

        /** A raw worker connection: SET_CLIENT_ID and CAN_DO, answered by an ECHO round trip. */
        private RawGearman rawWorker(String clientId, String... functions) {
            RawGearman w = RawGearman.connect(gearmand.address());
            w.send(Packet.requestText(PacketType.SET_CLIENT_ID, clientId));
            for (String f : functions) {
                w.send(Packet.requestText(PacketType.CAN_DO, f));
            }
            return w.sync(); // all of them registered, not only the first CAN_DO a status poll may have seen
        }

        private void awaitWorkers(AdminClient admin, String function, long n) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                if (admin.status().stream().anyMatch(f -> f.name().equals(function) && f.workers() == n)) {
                    return;
                }
                Thread.sleep(10);
            }
            throw new AssertionError("no " + n + " workers for " + function);
        }

        @Test
        void statusListsQueuedJobsAndWorkersPerFunction() throws Exception {
            try (AdminClient admin = admin(); RawGearman client = RawGearman.connect(gearmand.address());
                 RawGearman worker = rawWorker("w1", "adm_fn")) {
                client.submit(PacketType.SUBMIT_JOB_BG, "adm_queue", "q1", utf8("a"));
                client.submit(PacketType.SUBMIT_JOB_BG, "adm_queue", "q2", utf8("b"));
                awaitWorkers(admin, "adm_fn", 1);

                assertThat(admin.status()).contains(new FunctionStatus("adm_queue", 2, 0, 0),
                        new FunctionStatus("adm_fn", 0, 0, 1));
            }
        }

        @Test
        void workersListsEveryConnectionWithClientIdAndFunctions() throws Exception {
            try (AdminClient admin = admin(); RawGearman worker = rawWorker("worker-7", "f1", "f2")) {
                awaitWorkers(admin, "f1", 1);

                List<WorkerInfo> workers = admin.workers();

                assertThat(workers).anySatisfy(w -> {
                    assertThat(w.clientId()).isEqualTo("worker-7");
                    assertThat(w.ip()).isEqualTo("127.0.0.1");
                    assertThat(w.fd()).isPositive();
                    assertThat(w.functions()).containsExactlyInAnyOrder("f1", "f2");
                });
                // the admin connection itself: no id, no functions
                assertThat(workers).anySatisfy(w -> {
                    assertThat(w.clientId()).isNull();
                    assertThat(w.functions()).isEmpty();
                });
            }
        }

        @Test
        void versionGetpidAndVerboseAreParsed() {
            try (AdminClient admin = admin()) {
                assertThat(admin.version()).startsWith("1.1.");
                assertThat(admin.getpid()).isPositive();
                assertThat(admin.verbose()).isEqualTo("INFO");
            }
        }

        @Test
        void maxqueueLimitsTheTotalJobCountPerPriority() {
            try (AdminClient admin = admin(); RawGearman client = RawGearman.connect(gearmand.address())) {
                client.submit(PacketType.SUBMIT_JOB_BG, "limited", "l1", utf8("a"));

                admin.maxqueue("limited", 1);
                Packet refused = client.trySubmit(PacketType.SUBMIT_JOB_BG, "limited", "l2", utf8("b"));
                admin.maxqueue("limited", 10, 1, 10);
                Packet normal = client.trySubmit(PacketType.SUBMIT_JOB_BG, "limited", "l3", utf8("c"));
                Packet high = client.trySubmit(PacketType.SUBMIT_JOB_HIGH_BG, "limited", "l4", utf8("d"));

                assertThat(refused.type()).isEqualTo(PacketType.ERROR);
                assertThat(refused.text(0)).isEqualTo("QUEUE_ERROR");
                assertThat(normal.type()).isEqualTo(PacketType.ERROR);
                assertThat(high.type()).isEqualTo(PacketType.JOB_CREATED);
            }
        }

        @Test
        void showJobsAndShowUniqueJobsListQueuedJobs() {
            try (AdminClient admin = admin(); RawGearman client = RawGearman.connect(gearmand.address())) {
                String h1 = client.submit(PacketType.SUBMIT_JOB_BG, "shown", "unique-1", utf8("a"));
                String h2 = client.submit(PacketType.SUBMIT_JOB_BG, "shown", "unique-2", utf8("b"));

                assertThat(admin.showJobs()).containsExactlyInAnyOrder(new QueuedJob(h1, 0, false, true),
                        new QueuedJob(h2, 0, false, true));
                assertThat(admin.showUniqueJobs()).containsExactlyInAnyOrder("unique-1", "unique-2");
            }
        }

        @Test
        void priorityStatusCountsQueuedJobsPerPriority() {
            try (AdminClient admin = admin(); RawGearman client = RawGearman.connect(gearmand.address())) {
                client.submit(PacketType.SUBMIT_JOB_HIGH_BG, "prio", "p1", utf8("a"));
                client.submit(PacketType.SUBMIT_JOB_BG, "prio", "p2", utf8("a"));
                client.submit(PacketType.SUBMIT_JOB_BG, "prio", "p3", utf8("a"));
                client.submit(PacketType.SUBMIT_JOB_LOW_BG, "prio", "p4", utf8("a"));

                assertThat(admin.priorityStatus()).contains(new PriorityStatus("prio", 1, 2, 1, 0));
            }
        }

        @Test
        void cancelJobFlagsTheJobAndAnUnknownHandleAnswersFalse() {
            try (AdminClient admin = admin(); RawGearman client = RawGearman.connect(gearmand.address())) {
                String handle = client.submit(PacketType.SUBMIT_JOB_BG, "cancelled", "c1", utf8("a"));

                assertThat(admin.cancelJob(handle)).isTrue();
                assertThat(admin.showJobs()).contains(new QueuedJob(handle, 0, true, false));
                assertThat(admin.cancelJob("H:unknown:424242")).isFalse();
            }
        }

        @Test
        void argumentsWithWhitespaceAreRefusedBeforeSending() {
            try (AdminClient admin = admin()) {
                assertThatThrownBy(() -> admin.maxqueue("two words", 1)).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> admin.cancelJob("H:x:1\r\nstatus"))
                        .isInstanceOf(IllegalArgumentException.class);
                assertThat(admin.version()).isNotEmpty(); // still in step
            }
        }
    }

    // ---- bad input: a socket server answering whatever the test scripts

    /** Answers each command line with the scripted reply (raw text, terminators included) or does nothing. */
    private static final class BadServer implements AutoCloseable {
        private final ServerSocket socket;
        private final Thread thread;
        private final BlockingQueue<String> commands = new LinkedBlockingQueue<>();
        private final CountDownLatch done = new CountDownLatch(1);

        BadServer(Function<String, String> replies) throws IOException {
            this(replies, false);
        }

        BadServer(Function<String, String> replies, boolean closeAfterFirstReply) throws IOException {
            socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                try (Socket s = socket.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                            StandardCharsets.UTF_8));
                    OutputStream out = s.getOutputStream();
                    String line;
                    while ((line = in.readLine()) != null) {
                        commands.add(line);
                        String reply = replies.apply(line);
                        if (reply == null) {
                            done.await(10, TimeUnit.SECONDS); // say nothing
                            return;
                        }
                        out.write(reply.getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        if (closeAfterFirstReply) {
                            return;
                        }
                    }
                } catch (IOException e) {
                    // the client went away: the script is over
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bad-admin-server");
            thread.setDaemon(true);
            thread.start();
        }

        ServerAddress address() {
            return new ServerAddress("127.0.0.1", socket.getLocalPort());
        }

        @Override
        public void close() throws Exception {
            done.countDown();
            socket.close();
            thread.join(5000);
        }
    }

    @Test
    void mixedLineTerminatorsAreAccepted() throws Exception {
        try (BadServer bad = new BadServer(cmd -> "fn\t3\t1\t2\r\nother\t0\t0\t1\n.\r\n");
             AdminClient admin = AdminClient.connect(bad.address(), TIMEOUT)) {
            assertThat(admin.status()).containsExactly(new FunctionStatus("fn", 3, 1, 2),
                    new FunctionStatus("other", 0, 0, 1));
            assertThat(bad.commands.take()).isEqualTo("status");
        }
    }

    @Test
    void underflowedRunningCounterOfGearmandIsPassedThrough() throws Exception {
        try (BadServer bad = new BadServer(cmd -> "fn\t0\t4294967295\t1\n.\n");
             AdminClient admin = AdminClient.connect(bad.address(), TIMEOUT)) {
            assertThat(admin.status()).containsExactly(new FunctionStatus("fn", 0, 4294967295L, 1));
        }
    }

    @Test
    void errReplyBecomesServerExceptionWithDecodedTextAndConnectionStaysUsable() throws Exception {
        try (BadServer bad = new BadServer(cmd -> cmd.equals("status")
                ? "ERR UNKNOWN_COMMAND Unknown+server+commandstatus\r\n" : "OK 9.9.9\n");
             AdminClient admin = AdminClient.connect(bad.address(), TIMEOUT)) {
            assertThatThrownBy(admin::status).isInstanceOfSatisfying(GearmanServerException.class, e -> {
                assertThat(e.code()).isEqualTo("UNKNOWN_COMMAND");
                assertThat(e.text()).isEqualTo("Unknown server commandstatus");
            });
            assertThat(admin.version()).isEqualTo("9.9.9");
        }
    }

    @Test
    void malformedStatusLineIsProtocolErrorNamingCommandAndLineAndClosesTheConnection() throws Exception {
        try (BadServer bad = new BadServer(cmd -> "fn\t1\tmany\t0\n.\n");
             AdminClient admin = AdminClient.connect(bad.address(), TIMEOUT)) {
            assertThatThrownBy(admin::status).isInstanceOf(GearmanProtocolException.class)
                    .hasMessageContaining("'status'").hasMessageContaining("fn\t1\tmany\t0");
            assertThatThrownBy(admin::version).isInstanceOf(GearmanConnectionException.class);
        }
    }

    @Test
    void wrongFieldCountInShowJobsAndWorkersIsProtocolError() throws Exception {
        try (BadServer bad = new BadServer(cmd -> cmd.equals("show jobs") ? "H:x:1\t0\t0\n.\n"
                : "garbage line without colon\n.\n")) {
            try (AdminClient admin = AdminClient.connect(bad.address(), TIMEOUT)) {
                assertThatThrownBy(admin::showJobs).isInstanceOf(GearmanProtocolException.class)
                        .hasMessageContaining("'show jobs'").hasMessageContaining("H:x:1");
            }
        }
        try (BadServer bad = new BadServer(cmd -> "garbage line without colon\n.\n");
             AdminClient admin = AdminClient.connect(bad.address(), TIMEOUT)) {
            assertThatThrownBy(admin::workers).isInstanceOf(GearmanProtocolException.class)
                    .hasMessageContaining("'workers'").hasMessageContaining("garbage line without colon");
        }
    }

    @Test
    void invalidFlagInShowJobsIsProtocolError() throws Exception {
        try (BadServer bad = new BadServer(cmd -> "H:x:1\t0\tyes\t1\n.\n");
             AdminClient admin = AdminClient.connect(bad.address(), TIMEOUT)) {
            assertThatThrownBy(admin::showJobs).isInstanceOf(GearmanProtocolException.class)
                    .hasMessageContaining("yes");
        }
    }

    @Test
    void unexpectedSingleLineRepliesAreProtocolErrors() throws Exception {
        try (BadServer bad = new BadServer(cmd -> "HELLO\n");
             AdminClient admin = AdminClient.connect(bad.address(), TIMEOUT)) {
            assertThatThrownBy(admin::version).isInstanceOf(GearmanProtocolException.class)
                    .hasMessageContaining("'version'").hasMessageContaining("HELLO");
        }
        try (BadServer bad = new BadServer(cmd -> "OK notanumber\n");
             AdminClient admin = AdminClient.connect(bad.address(), TIMEOUT)) {
            assertThatThrownBy(admin::getpid).isInstanceOf(GearmanProtocolException.class)
                    .hasMessageContaining("notanumber");
        }
        try (BadServer bad = new BadServer(cmd -> "MAYBE\r\n");
             AdminClient admin = AdminClient.connect(bad.address(), TIMEOUT)) {
            assertThatThrownBy(() -> admin.cancelJob("H:x:1")).isInstanceOf(GearmanProtocolException.class)
                    .hasMessageContaining("cancel job H:x:1").hasMessageContaining("MAYBE");
        }
    }

    @Test
    void oversizedReplyLineIsProtocolError() throws Exception {
        try (BadServer bad = new BadServer(cmd -> "x".repeat(AdminClient.MAX_LINE + 10) + "\n");
             AdminClient admin = AdminClient.connect(bad.address(), TIMEOUT)) {
            assertThatThrownBy(admin::showUniqueJobs).isInstanceOf(GearmanProtocolException.class)
                    .hasMessageContaining("longer than");
        }
    }

    @Test
    void serverVanishingMidListIsConnectionError() throws Exception {
        // two lines of the list, then the connection closes without the closing "."
        try (BadServer bad = new BadServer(cmd -> "u1\nu2\n", true);
             AdminClient admin = AdminClient.connect(bad.address(), TIMEOUT)) {
            assertThatThrownBy(admin::showUniqueJobs).isInstanceOf(GearmanConnectionException.class)
                    .hasMessageContaining("show unique jobs");
        }
    }

    @Test
    void silentServerIsTimeout() throws Exception {
        try (BadServer bad = new BadServer(cmd -> null);
             AdminClient admin = AdminClient.connect(bad.address(), Duration.ofMillis(300))) {
            assertThatThrownBy(admin::version).isInstanceOf(GearmanTimeoutException.class)
                    .hasMessageContaining("'version'");
        }
    }

    /** Issue 11 item 3: the Perl Gearman::Server answers {@code version} with the bare version. */
    @Test
    void issue11item3_bareVersionReplyIsAccepted() throws Exception {
        try (BadServer bad = new BadServer(cmd -> cmd.equals("version") ? "v1.130.1\n" : "OK 1\n");
             AdminClient admin = AdminClient.connect(bad.address(), TIMEOUT)) {
            assertThat(admin.version()).isEqualTo("v1.130.1");
            assertThat(admin.getpid()).isEqualTo(1); // still in step
        }
    }

    @Test
    void emptyVersionReplyIsProtocolError() throws Exception {
        try (BadServer bad = new BadServer(cmd -> "\n");
             AdminClient admin = AdminClient.connect(bad.address(), TIMEOUT)) {
            assertThatThrownBy(admin::version).isInstanceOf(GearmanProtocolException.class)
                    .hasMessageContaining("version");
        }
    }

    /** Issue 11 item 3 against the real Perl Gearman::Server ({@code /usr/bin/gearmand} from Debian gearman-server). */
    @Test
    void issue11item3_versionAndStatusOfThePerlGearmanServer() {
        try (PerlGearmanServer perl = PerlGearmanServer.start();
             AdminClient admin = AdminClient.connect(perl.address(), TIMEOUT)) {
            assertThat(admin.version()).matches("v?\\d+(\\.\\d+)+.*");
            assertThat(admin.status()).isEmpty();
        }
    }

    @Test
    void unreachableServerIsConnectionError() {
        ServerAddress nobody = new ServerAddress("127.0.0.1", Gearmand.freePort());
        assertThatThrownBy(() -> AdminClient.connect(nobody, TIMEOUT)).isInstanceOf(GearmanConnectionException.class)
                .hasMessageContaining(nobody.toString());
    }
}
