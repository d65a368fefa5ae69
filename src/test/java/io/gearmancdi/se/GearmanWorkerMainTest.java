package io.gearmancdi.se;

import io.gearmancdi.testing.AdminText;
import io.gearmancdi.testing.Cli;
import io.gearmancdi.testing.Gearmand;
import io.gearmancdi.testing.JavaSources;
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
                @io.gearmancdi.GearmanJob
                public String shout(String text) { return text.toUpperCase(); }

                @io.gearmancdi.GearmanJob
                public String slow(String marker, int millis) throws Exception {
                    Files.writeString(Path.of(marker), "started");
                    Thread.sleep(millis);
                    return "slept " + millis;
                }
            }
            """;

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
    void runsDiscoveredJobsAndStopsGracefullyOnSigterm(@TempDir Path dir) throws Exception {
        Path app = dir.resolve("app");
        JavaSources.compile(app, "com.acme.reports.GearmanJobs", JOBS, "-parameters");
        Path beansXml = app.resolve("classes/META-INF/beans.xml");
        Files.createDirectories(beansXml.getParent());
        Files.writeString(beansXml, "<beans bean-discovery-mode=\"annotated\" version=\"4.0\"/>");
        try (Gearmand gearmand = Gearmand.start()) {
            // configuration says one worker on a wrong server; the command line wins
            Path err = dir.resolve("stderr.txt");
            Process main = java(app.resolve("classes"), err, List.of("-Dgearman.job-name.prefix=main",
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
            } finally {
                main.destroyForcibly();
            }
        }
    }

    private static Process java(Path extraClasspath, Path err, List<String> jvmArgs, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-Djava.util.logging.config.file=" + Path.of("src/test/resources/logging.properties").toAbsolutePath());
        command.add("-cp");
        command.add(extraClasspath + File.pathSeparator + System.getProperty("java.class.path"));
        command.add(GearmanWorkerMain.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(err.toFile()).start();
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
