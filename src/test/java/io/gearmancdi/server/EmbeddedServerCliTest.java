package io.gearmancdi.server;

import io.gearmancdi.protocol.PacketType;
import io.gearmancdi.testing.AdminText;
import io.gearmancdi.testing.EmbeddedJobServer;
import io.gearmancdi.testing.Gearmand;
import io.gearmancdi.testing.RawGearman;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** libgearman's {@code gearman} CLI as a foreign client and worker against the embedded server. */
class EmbeddedServerCliTest {
    private EmbeddedJobServer server;
    private String cli;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void start() {
        cli = Gearmand.requireCli();
        server = EmbeddedJobServer.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        server.close();
    }

    private List<String> cmd(String... args) {
        List<String> cmd = new ArrayList<>(List.of(cli, "-h", "127.0.0.1", "-p",
                Integer.toString(server.address().port())));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private Process worker(String... args) throws IOException {
        List<String> cmd = cmd("-w");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        processes.add(p);
        return p;
    }

    private record Result(int exit, String out) {
    }

    private Result client(String... args) throws Exception {
        Process p = new ProcessBuilder(cmd(args)).redirectErrorStream(true).start();
        processes.add(p);
        p.getOutputStream().close();
        // bounded: wait for the exit first (the output is a few bytes, it fits the pipe), then read
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("gearman CLI exits").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.exitValue(), out);
    }

    /** Waits (bounded) until {@code count} workers registered {@code function}. */
    private void awaitWorkers(String function, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String expected = "\t" + count + "\n";
        while (System.nanoTime() < deadline) {
            String status = AdminText.oneList(server.address(), "status");
            if (status.lines().anyMatch(l -> l.startsWith(function + "\t") && (l + "\n").endsWith(expected))) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + count + " worker(s) for " + function + ": "
                + AdminText.oneList(server.address(), "status"));
    }

    @Test
    void cliClientAndCliWorkerRunForegroundJobs() throws Exception {
        worker("-f", "rev", "--", "rev");
        awaitWorkers("rev", 1);
        assertThat(client("-f", "rev", "hello world")).isEqualTo(new Result(0, "dlrow olleh"));
        assertThat(client("-f", "rev", "abc", "def").out()).isEqualTo("cbafed");
        assertThat(client("-P", "-f", "rev", "pfx").out()).isEqualTo("rev: xfp");
    }

    @Test
    void cliWorkerFailureReachesCliClientAsJobFailed() throws Exception {
        worker("-c", "1", "-f", "failer", "--", "false");
        awaitWorkers("failer", 1);
        Result r = client("-f", "failer", "x");
        assertThat(r.out()).contains("Job failed");
        assertThat(r.exit()).isEqualTo(1);
    }

    @Test
    void cliBackgroundSubmitsCoalesceOnUniqueAndRunOnARawWorker() throws Exception {
        Result first = client("-v", "-b", "-u", "myuniq", "-f", "bgfn", "bg3");
        Result second = client("-v", "-b", "-u", "myuniq", "-f", "bgfn", "other");
        assertThat(first.exit()).isZero();
        assertThat(first.out()).startsWith("Task created: ");
        assertThat(second.out()).as("same handle: coalesced").isEqualTo(first.out());
        try (RawGearman w = RawGearman.connect(server).canDo("bgfn")) {
            var assign = w.grab();
            assertThat(assign.text(2)).isEqualTo("myuniq");
            assertThat(assign.text(3)).isEqualTo("bg3");
            w.send(PacketType.WORK_COMPLETE, assign.text(0), "");
            w.grabNothing();
        }
    }

    @Test
    void rawClientGetsResultAndDataFromCliWorkerInLineMode() throws Exception {
        Process w = worker("-c", "1", "-f", "echo");
        awaitWorkers("echo", 1);
        try (RawGearman c = RawGearman.connect(server)) {
            String h = c.submit(PacketType.SUBMIT_JOB, "echo", "", "printed by the worker");
            c.expect(PacketType.WORK_COMPLETE, h, "");
        }
        BufferedReader out = new BufferedReader(new InputStreamReader(w.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("printed by the worker");
        assertThat(w.waitFor(10, TimeUnit.SECONDS)).as("worker -c 1 exits after one job").isTrue();
    }
}
