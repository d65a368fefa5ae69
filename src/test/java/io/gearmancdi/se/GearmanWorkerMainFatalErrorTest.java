package io.gearmancdi.se;

import io.gearmancdi.testing.Cli;
import io.gearmancdi.testing.Gearmand;
import io.gearmancdi.testing.JavaSources;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10 item 4, standalone: an error the worker cannot survive ends {@link GearmanWorkerMain} with a non-zero exit
 * status, instead of leaving the process up with fewer (or no) registrations.
 */
class GearmanWorkerMainFatalErrorTest {
    private static final String JOBS = """
            package com.acme.fatal;

            @jakarta.enterprise.context.ApplicationScoped
            public class GearmanJobs {
                @io.gearmancdi.GearmanJob
                public String crash() { throw new InternalError("simulated JVM trouble"); }
            }
            """;

    @Test
    @DisplayName("issue 10 item 4: GearmanWorkerMain exits with EXIT_FATAL (4) on an error the worker cannot survive")
    void issue10item4_fatalErrorEndsTheProcessWithExitFatal(@TempDir Path dir) throws Exception {
        Path app = dir.resolve("app");
        JavaSources.compile(app, "com.acme.fatal.GearmanJobs", JOBS, "-parameters");
        Path beansXml = app.resolve("classes/META-INF/beans.xml");
        Files.createDirectories(beansXml.getParent());
        Files.writeString(beansXml, "<beans bean-discovery-mode=\"annotated\" version=\"4.0\"/>");
        try (Gearmand gearmand = Gearmand.start()) {
            Path out = dir.resolve("out.txt");
            Process main = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dgearman.job-name.prefix=fatal", "-Dgearman.worker.shutdown-timeout=5s", "-cp",
                    app.resolve("classes") + File.pathSeparator + System.getProperty("java.class.path"),
                    GearmanWorkerMain.class.getName(), "--servers", gearmand.address().toString())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            try {
                Cli.Result call = Cli.run(gearmand.address(), "-f", "fatal.com.acme.fatal.crash", "{}");
                assertThat(call.exitCode()).as("the job failed").isNotZero();

                assertThat(main.waitFor(60, TimeUnit.SECONDS)).as("the process ended; output:%n%s",
                        Files.readString(out)).isTrue();
                assertThat(main.exitValue()).as("exit status; output:%n%s", Files.readString(out)).isEqualTo(GearmanWorkerMain.EXIT_FATAL);
                assertThat(Files.readString(out)).contains("GEARMAN-7015", "GEARMAN-8001");
            } finally {
                main.destroyForcibly();
                main.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
