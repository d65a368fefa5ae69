package io.gearmancdi.server;

import io.gearmancdi.testing.AdminText;
import io.gearmancdi.testing.EmbeddedJobServer;
import io.gearmancdi.testing.Gearmand;
import io.gearmancdi.testing.RawGearman;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.gearmancdi.protocol.PacketType.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The admin text protocol: exact formats and terminators, and the real {@code gearadmin} parsing them. */
class EmbeddedServerAdminTest {
    private EmbeddedJobServer server;
    private final List<RawGearman> peers = new ArrayList<>();

    @BeforeEach
    void start() {
        server = EmbeddedJobServer.start();
    }

    @AfterEach
    void stop() {
        peers.forEach(RawGearman::close);
        server.close();
    }

    private RawGearman peer() {
        RawGearman p = RawGearman.connect(server);
        peers.add(p);
        return p;
    }

    @Test
    void statusPriorityStatusShowJobsAndShowUniqueJobsFormats() {
        RawGearman c = peer();
        RawGearman w = peer().canDo("f");
        String h1 = c.submit(SUBMIT_JOB_HIGH_BG, "f", "u1", "x");
        String h2 = c.submit(SUBMIT_JOB_LOW, "f", "u2", "y");
        c.submit(SUBMIT_JOB_BG, "g", "", "z");
        w.grab();
        try (AdminText a = AdminText.connect(server.address())) {
            assertThat(a.list("status")).isEqualTo("f\t2\t1\t1\ng\t1\t0\t0\n.\n");
            assertThat(a.list("PRIORITYSTATUS")).isEqualTo("f\t0\t0\t1\t1\ng\t0\t1\t0\t0\n.\n");
            assertThat(a.list("show jobs")).startsWith(h1 + "\t0\t0\t1\n" + h2 + "\t0\t0\t0\n").endsWith("\t0\t0\t1\n.\n");
            assertThat(a.list("show unique jobs")).isEqualTo("u1\nu2\n\n.\n");
        }
    }

    @Test
    void oneLineRepliesAndErrorsWithGearmandTerminators() {
        try (AdminText a = AdminText.connect(server.address())) {
            assertThat(a.line("version")).isEqualTo("OK gearman-cdi-embedded\n");
            assertThat(a.line("getpid")).isEqualTo("OK " + ProcessHandle.current().pid() + "\n");
            assertThat(a.line("verbose")).isEqualTo("OK INFO\n");
            assertThat(a.line("bogus")).isEqualTo("ERR UNKNOWN_COMMAND Unknown+server+commandbogus\r\n");
            assertThat(a.line("")).isEqualTo("ERR UNKNOWN_COMMAND Unknown+server+commandNULL\r\n");
            assertThat(a.line("show")).isEqualTo("ERR UNKNOWN_COMMAND Unknown+server+commandshow\r\n");
            assertThat(a.line("show nothing")).isEqualTo("ERR UNKNOWN_SHOW_ARGUMENTS\r\n");
            assertThat(a.line("maxqueue")).isEqualTo(
                    "ERR INVALID_ARGUMENTS An+incomplete+set+of+arguments+was+sent+to+this+command+maxqueue\r\n");
            assertThat(a.line("maxqueue nosuchfunction 3")).isEqualTo("OK\r\n");
            assertThat(a.line("create function newf")).isEqualTo("OK\r\n");
            assertThat(a.list("status")).isEqualTo("newf\t0\t0\t0\n.\n");
            assertThat(a.line("drop function newf")).isEqualTo("OK\r\n");
            assertThat(a.line("drop function newf")).isEqualTo("ERR function not found\r\n");
        }
    }

    @Test
    void dropFunctionRefusesFunctionsWithWorkersOrQueuedJobs() {
        peer().canDo("busy").sync();
        peer().submit(SUBMIT_JOB_BG, "queued", "", "x");
        try (AdminText a = AdminText.connect(server.address())) {
            assertThat(a.line("drop function busy"))
                    .isEqualTo("ERR there are still connected workers or executing clients\r\n");
            assertThat(a.line("drop function queued"))
                    .isEqualTo("ERR there are still connected workers or executing clients\r\n");
        }
    }

    @Test
    void adminAndBinaryRequestsMixOnOneConnection() throws IOException {
        RawGearman c = peer();
        c.submit(SUBMIT_JOB_BG, "f", "", "x");
        c.writeRaw("status\r\n".getBytes(StandardCharsets.US_ASCII));
        c.socket().setSoTimeout(10_000);
        byte[] expected = "f\t1\t0\t0\n.\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(c.socket().getInputStream().readNBytes(expected.length)).isEqualTo(expected);
        c.sync();
    }

    @Test
    void shutdownCommandAnswersOkAndStopsTheEmbeddedServerWhenAllowed() {
        try (EmbeddedJobServer open = EmbeddedJobServer.start(b -> b.adminShutdown(true))) {
            assertThat(AdminText.oneLine(open.address(), "shutdown")).isEqualTo("OK\r\n");
            assertThat(open.server().awaitTermination(java.time.Duration.ofSeconds(10))).isTrue();
            assertThat(open.server().isRunning()).isFalse();
            assertThat(open.server().failure()).isEmpty();
        }
    }

    /** Issue 10 item 8: admin shutdown is off by default and refused with an ERR line; the server keeps serving. */
    @Test
    void issue10item8_shutdownCommandIsRefusedByDefault() {
        for (String command : new String[] {"shutdown", "shutdown graceful", "SHUTDOWN"}) {
            assertThat(AdminText.oneLine(server.address(), command))
                    .isEqualTo("ERR UNKNOWN_COMMAND shutdown+is+disabled+on+this+server+(allow-admin-shutdown)\r\n");
        }
        assertThat(server.server().isRunning()).isTrue();
        try (RawGearman client = RawGearman.connect(server)) {
            client.send(ECHO_REQ, "still here").expect(ECHO_RES, "still here");
        }
    }

    @Test
    void shutdownCommandCanBeDisabledExplicitly() {
        try (EmbeddedJobServer locked = EmbeddedJobServer.start(b -> b.adminShutdown(false))) {
            assertThat(AdminText.oneLine(locked.address(), "shutdown")).startsWith("ERR UNKNOWN_COMMAND ");
            assertThat(locked.server().isRunning()).isTrue();
        }
    }

    @Test
    void gearadminParsesStatusWorkersAndShowJobs() throws Exception {
        Gearmand.requireCli();
        RawGearman w = peer();
        w.send(SET_CLIENT_ID, "w1");
        w.canDo("rev");
        String h = peer().submit(SUBMIT_JOB_BG, "rev", "uq", "abc");
        w.sync();
        assertThat(gearadmin("--status")).isEqualTo("rev\t1\t0\t1\n.\n");
        assertThat(gearadmin("--workers")).containsPattern("(?m)^\\d+ 127\\.0\\.0\\.1 w1 : rev$").endsWith(".\n");
        assertThat(gearadmin("--show-jobs")).isEqualTo(h + "\t0\t0\t1\n.\n");
        assertThat(gearadmin("--show-unique-jobs")).isEqualTo("uq\n.\n");
        assertThat(gearadmin("--priority-status")).isEqualTo("rev\t0\t1\t0\t1\n.\n");
        assertThat(gearadmin("--server-version")).isEqualTo("gearman-cdi-embedded\n");
        assertThat(gearadmin("--getpid")).isEqualTo(ProcessHandle.current().pid() + "\n");
        assertThat(gearadmin("--cancel-job", h)).isEqualTo("OK\n");
    }

    private String gearadmin(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/gearadmin", "-h", "127.0.0.1", "-p",
                Integer.toString(server.address().port())));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        // bounded: wait for the exit first (the output is small, it fits the pipe), then read
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("gearadmin " + String.join(" ", args) + " did not exit within 30 s");
        }
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.exitValue()).as(new String(out, StandardCharsets.UTF_8)).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }
}
