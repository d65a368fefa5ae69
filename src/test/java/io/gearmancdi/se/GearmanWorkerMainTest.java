package io.gearmancdi.se;

import io.gearmancdi.testing.AdminText;
import io.gearmancdi.testing.Cli;
import io.gearmancdi.testing.Gearmand;
import io.gearmancdi.testing.JavaSources;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link GearmanWorkerMain} as a separate JVM over a class path with an application jar (a bean archive compiled at
 * test time): discovery, {@code -w}/{@code --servers} overriding configuration, the gearman CLI calling its jobs, and a
 * graceful stop on SIGTERM that lets the job in flight finish.
 */
class GearmanWorkerMainTest {
    private static final String JOBS = """
            package com.acme.reports;

            import java.nio.file.Files;
            import java.nio.file.Path;

            @jakarta.enterprise.context.ApplicationScoped
            public class GearmanJobs {
                @jakarta.inject.Inject
                io.gearmancdi.cdi.WorkerManager workers;

                @io.gearmancdi.GearmanJob
                public String shout(String text) { return text.toUpperCase(); }

                @io.gearmancdi.GearmanJob
                public String slow(String marker, int millis) throws Exception {
                    Files.writeString(Path.of(marker), "started");
                    Thread.sleep(millis);
                    return "slept " + millis;
                }

                /** Stands in for the worker's fatal-error callback, which reports to WorkerManager.reportFatal. */
                @io.gearmancdi.GearmanJob
                public String die() {
                    workers.reportFatal(new IllegalStateException("simulated loop failure"));
                    return "reported";
                }
            }
            """;

    @Test
    @DisplayName("issue 11 item 11: --jobs and --list parse, and --help lists them")
    void jobsAndListOptionsIssue11Item11() {
        GearmanWorkerMain.Options o = GearmanWorkerMain.Options.parse("--jobs", "a,b", "--list");
        assertThat(o.jobs()).isEqualTo("a,b");
        assertThat(o.list()).isTrue();
        assertThat(GearmanWorkerMain.Options.parse("--jobs=x").jobs()).isEqualTo("x");
        assertThatThrownBy(() -> GearmanWorkerMain.Options.parse("--jobs", " , ")).hasMessageContaining("at least one");
        assertThatThrownBy(() -> GearmanWorkerMain.Options.parse("--jobs")).hasMessageContaining("needs a value");
        assertThat(GearmanWorkerMain.USAGE).contains("--jobs name,...", "gearman.worker.jobs", "--list",
                "Exit codes: 0");
    }

    @Test
    void commandLineOptionsParseAndRejectNonsense() {
        GearmanWorkerMain.Options o = GearmanWorkerMain.Options.parse("-w", "3", "--servers", "a:1,b:2");
        assertThat(o.workers()).isEqualTo(3);
        assertThat(o.servers()).isEqualTo("a:1,b:2");
        assertThat(GearmanWorkerMain.Options.parse("--servers=h:9", "--workers=2").workers()).isEqualTo(2);
        assertThatThrownBy(() -> GearmanWorkerMain.Options.parse("-w", "0")).hasMessageContaining("positive");
        assertThatThrownBy(() -> GearmanWorkerMain.Options.parse("-w")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> GearmanWorkerMain.Options.parse("--servers", "h:x")).hasMessageContaining("bad port");
        assertThatThrownBy(() -> GearmanWorkerMain.Options.parse("--bogus")).hasMessageContaining("unknown option");
    }

    @Test
    void badCommandLineExitsWithUsage(@TempDir Path dir) throws Exception {
        Path err = dir.resolve("stderr.txt");
        Process p = java(dir, err, List.of(), "-w", "zero");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(Files.readString(err)).contains("-w needs a positive number, not 'zero'", "usage:");
    }

    @Test
    @DisplayName("issue 11 item 6: SIGTERM drains the job in flight, logs GEARMAN-3016 and 7008, and exits 0")
    void runsDiscoveredJobsAndStopsGracefullyOnSigtermIssue11Item6(@TempDir Path dir) throws Exception {
        Path app = application(dir);
        try (Gearmand gearmand = Gearmand.start()) {
            // configuration says one worker on a wrong server; the command line wins
            Path err = dir.resolve("stderr.txt");
            Process main = java(app, err, List.of("-Dgearman.job-name.prefix=main",
                    "-Dgearman.servers=127.0.0.1:1", "-Dgearman.worker.shutdown-timeout=30s"),
                    "-w", "2", "--servers", gearmand.address().toString());
            BlockingQueue<String> out = lines(main);
            try {
                String serving = awaitLine(out, "GearmanWorkerMain: serving");
                assertThat(serving).contains("main.com.acme.reports.shout", "main.com.acme.reports.slow");

                assertThat(Cli.run(gearmand.address(), "-f", "main.com.acme.reports.shout", "{\"args\":[\"hi\"]}")
                        .out()).isEqualTo("\"HI\"");
                // -w 2: two connections; the second may register after the first has served the call above
                AdminText.await(gearmand.address(), "status", status -> status.lines()
                        .anyMatch(l -> l.startsWith("main.com.acme.reports.shout\t") && l.endsWith("\t2")),
                        "2 workers for main.com.acme.reports.shout");

                Path marker = dir.resolve("started");
                Process caller = Cli.start(gearmand.address(), "-f", "main.com.acme.reports.slow",
                        "{\"kwargs\":{\"marker\":\"" + marker + "\",\"millis\":1500}}");
                awaitFile(marker);
                // SIGTERM while the job runs (Process.destroy would also close our end of its stdout)
                assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(main.pid())).start()
                        .waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(Cli.finish(caller).out()).isEqualTo("\"slept 1500\"");
                assertThat(main.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(awaitLine(out, "GearmanWorkerMain: stopped")).as(Files.readString(err)).isNotNull();
                // before: 143 (the JVM's default for SIGTERM), and java.util.logging closed before the drain logged
                assertThat(main.exitValue()).as(Files.readString(err)).isEqualTo(GearmanWorkerMain.EXIT_OK);
                // the worker's own drained message, the CDI layer's stop message, and no "abandoned"
                assertThat(Files.readString(err)).contains("GEARMAN-3016: gearman worker stopped",
                        "GEARMAN-7008: gearman workers stopped").doesNotContain("GEARMAN-7007", "GEARMAN-3017");
            } finally {
                main.destroyForcibly();
            }
        }
    }

    @Test
    @DisplayName("issue 11 item 6: Process.destroy (SIGTERM) with a job outlasting the timeout logs GEARMAN-7007 and exits 3")
    void sigtermWithAJobOutlastingTheShutdownTimeoutExitsThreeIssue11Item6(@TempDir Path dir) throws Exception {
        Path app = application(dir);
        try (Gearmand gearmand = Gearmand.start()) {
            Path out = dir.resolve("stdout.txt");
            Path err = dir.resolve("stderr.txt");
            Process main = java(app, out, err, List.of("-Dgearman.job-name.prefix=main",
                    "-Dgearman.worker.shutdown-timeout=1s"), "--servers", gearmand.address().toString(),
                    "--jobs", "com.acme.reports.slow");
            Process caller = null;
            try {
                awaitFileLine(out, "GearmanWorkerMain: serving 1 jobs: main.com.acme.reports.slow");
                Path marker = dir.resolve("started");
                caller = Cli.start(gearmand.address(), "-f", "main.com.acme.reports.slow",
                        "{\"kwargs\":{\"marker\":\"" + marker + "\",\"millis\":120000}}");
                awaitFile(marker);
                main.destroy(); // SIGTERM on Linux
                assertThat(main.waitFor(60, TimeUnit.SECONDS)).isTrue();
                String log = Files.readString(err);
                assertThat(main.exitValue()).as(log).isEqualTo(GearmanWorkerMain.EXIT_JOBS_ABANDONED);
                assertThat(log).contains("GEARMAN-7007: gearman workers stopped with jobs still running after PT1S",
                        "GEARMAN-3017: gearman worker stopped; jobs in flight were abandoned",
                        "GEARMAN-7008: gearman workers stopped");
                assertThat(Files.readString(out)).contains("GearmanWorkerMain: stopped");
            } finally {
                main.destroyForcibly();
                if (caller != null) {
                    caller.destroyForcibly();
                }
            }
        }
    }

    @Test
    @DisplayName("issue 11 item 11: --list prints logical and server names of the jobs --jobs selects, and exits 0")
    void listPrintsTheJobsItWouldServeIssue11Item11(@TempDir Path dir) throws Exception {
        Path app = application(dir);
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        // no job server anywhere: --list does not connect
        List<String> jvm = List.of("-Dgearman.job-name.prefix=main", "-Dgearman.servers=127.0.0.1:1");
        Process all = java(app, out, err, jvm, "--list");
        assertThat(all.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(all.exitValue()).as(Files.readString(err)).isZero();
        assertThat(Files.readAllLines(out)).containsExactlyInAnyOrder(
                "com.acme.reports.shout\tmain.com.acme.reports.shout",
                "com.acme.reports.slow\tmain.com.acme.reports.slow",
                "com.acme.reports.die\tmain.com.acme.reports.die");

        Process some = java(app, out, err, jvm, "--list", "--jobs", "com.acme.reports.shout");
        assertThat(some.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(some.exitValue()).as(Files.readString(err)).isZero();
        assertThat(Files.readAllLines(out)).containsExactly("com.acme.reports.shout\tmain.com.acme.reports.shout");

        Process unknown = java(app, out, err, jvm, "--list", "--jobs=shout");
        assertThat(unknown.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(unknown.exitValue()).isEqualTo(GearmanWorkerMain.EXIT_CANNOT_START);
        assertThat(Files.readString(err)).contains("gearman.worker.jobs names 'shout'", "com.acme.reports.shout");
    }

    @Test
    @DisplayName("issue 10 item 4: a fatal worker failure is logged (GEARMAN-7015, 8001) and the process exits 4")
    void fatalWorkerFailureExitsNonZeroIssue10Item4(@TempDir Path dir) throws Exception {
        Path app = application(dir);
        try (Gearmand gearmand = Gearmand.start()) {
            Path out = dir.resolve("stdout.txt");
            Path err = dir.resolve("stderr.txt");
            Process main = java(app, out, err, List.of("-Dgearman.job-name.prefix=main"),
                    "--servers", gearmand.address().toString());
            try {
                awaitFileLine(out, "GearmanWorkerMain: serving");
                // the job that reports the failure still completes: the drain lets it finish
                assertThat(Cli.run(gearmand.address(), "-f", "main.com.acme.reports.die", "{}").out())
                        .isEqualTo("\"reported\"");
                assertThat(main.waitFor(60, TimeUnit.SECONDS)).isTrue();
                String log = Files.readString(err);
                assertThat(main.exitValue()).as(log).isEqualTo(GearmanWorkerMain.EXIT_FATAL);
                assertThat(log).contains("GEARMAN-7015: gearman workers failed and cannot go on: "
                                + "java.lang.IllegalStateException: simulated loop failure",
                        "GEARMAN-8001: gearman workers cannot go on, exiting with 4", "GEARMAN-7008");
            } finally {
                main.destroyForcibly();
            }
        }
    }

    /** @return the class path entry of an application with the jobs above, compiled into a bean archive */
    static Path application(Path dir) throws Exception {
        Path app = dir.resolve("app");
        JavaSources.compile(app, "com.acme.reports.GearmanJobs", JOBS, "-parameters");
        Path beansXml = app.resolve("classes/META-INF/beans.xml");
        Files.createDirectories(beansXml.getParent());
        Files.writeString(beansXml, "<beans bean-discovery-mode=\"annotated\" version=\"4.0\"/>");
        return app.resolve("classes");
    }

    static Process java(Path extraClasspath, Path out, Path err, List<String> jvmArgs, String... args)
            throws IOException {
        return builder(extraClasspath, jvmArgs, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    /** Waits (bounded) for a line of a file that a child process writes. */
    static void awaitFileLine(Path file, String prefix) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(file) || Files.readAllLines(file).stream().noneMatch(l -> l.startsWith(prefix))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no line starting with '" + prefix + "' in " + file + " within 60 s: "
                        + (Files.exists(file) ? Files.readString(file) : "no file"));
            }
            Thread.sleep(50);
        }
    }

    private static Process java(Path extraClasspath, Path err, List<String> jvmArgs, String... args) throws IOException {
        return builder(extraClasspath, jvmArgs, args).redirectError(err.toFile()).start();
    }

    private static ProcessBuilder builder(Path extraClasspath, List<String> jvmArgs, String... args) {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-Djava.util.logging.config.file=" + Path.of("src/test/resources/logging.properties").toAbsolutePath());
        command.add("-cp");
        // a standalone worker has no MicroProfile Health nor OpenTelemetry (optional, provided dependencies): leave
        // them out, which also shows that the extension copes without them (issue 14 item 4, traces)
        String classpath = java.util.Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("microprofile-health-api") && !entry.contains("opentelemetry"))
                .collect(java.util.stream.Collectors.joining(File.pathSeparator));
        command.add(extraClasspath + File.pathSeparator + classpath);
        command.add(GearmanWorkerMain.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    private static BlockingQueue<String> lines(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("read failed: " + e);
            }
        }, "worker-main-stdout");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static String awaitLine(BlockingQueue<String> lines, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<String> seen = new java.util.ArrayList<>();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
            if (line != null) {
                seen.add(line);
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' within 60 s; saw " + seen);
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(file + " was not written within 30 s: the job did not start");
            }
            Thread.sleep(20);
        }
    }
}
