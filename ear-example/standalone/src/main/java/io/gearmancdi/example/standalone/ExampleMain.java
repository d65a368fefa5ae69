package io.gearmancdi.example.standalone;

import io.gearmancdi.GearmanClient;
import io.gearmancdi.JobHandle;
import io.gearmancdi.JobListener;
import io.gearmancdi.JobRequest;
import io.gearmancdi.SubmitOptions;
import io.gearmancdi.example.Report;
import io.gearmancdi.example.ReportJob;
import io.gearmancdi.server.EmbeddedGearmanServer;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The example in one JVM, with nothing installed but a JDK:
 * <ol>
 *   <li>an embedded Gearman job server on a free port of 127.0.0.1 (in production: gearmand);</li>
 *   <li>the example's {@code @GearmanJob} methods served by workers under Weld SE, booted over the class path exactly
 *       as {@code io.gearmancdi.se.GearmanWorkerMain} does ({@code gearman.servers} set to the embedded server);</li>
 *   <li>a {@link GearmanClient} from the same container calling {@code reverse("hello gearman")}, {@code add(2, 40)}
 *       and one report, whose progress it prints as the worker reports it.</li>
 * </ol>
 * Prints each result and exits 0; exits 1 if anything fails.
 */
public final class ExampleMain {
    private ExampleMain() {
    }

    /** @param args none */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        int status;
        try {
            run(out);
            status = 0;
        } catch (RuntimeException e) {
            System.err.println("example failed: " + e);
            status = 1;
        }
        System.exit(status);
    }

    static void run(PrintStream out) {
        try (EmbeddedGearmanServer server = EmbeddedGearmanServer.builder().port(0).build().start()) {
            out.println("job server (embedded) listening on " + server.address());
            // system properties win over META-INF/microprofile-config.properties
            System.setProperty("gearman.servers", server.address().toString());
            // no data source under Weld SE: this run keeps no job records (the config jar turns the store on for
            // the servers)
            System.setProperty("gearman.store.enabled", "false");
            try (SeContainer container = SeContainerInitializer.newInstance()
                    .addProperty("org.jboss.weld.se.shutdownHook", false).initialize()) {
                GearmanClient gearman = container.select(GearmanClient.class).get();
                out.println("workers started (Weld SE) for the example's jobs, e.g. "
                        + gearman.functionName("io.gearmancdi.example.reverse"));

                String reversed = gearman.call("io.gearmancdi.example.reverse", String.class, "hello gearman");
                out.println("reverse(\"hello gearman\") = \"" + reversed + "\"");

                int sum = gearman.call("io.gearmancdi.example.add", int.class, 2, 40);
                out.println("add(2, 40) = " + sum);

                JobListener progress = new JobListener() {
                    @Override
                    public void onStatus(JobHandle handle, long numerator, long denominator) {
                        out.println("  report progress: " + numerator + "/" + denominator);
                    }
                };
                out.println("report for ACME, 5 pages:");
                Report report = gearman.call(JobRequest.of(ReportJob.NAME)
                        .kwarg("customer", "ACME").kwarg("pages", 5).kwarg("millisPerPage", 200)
                        .options(SubmitOptions.builder().listener(progress).timeout(Duration.ofSeconds(30)).build()),
                        Report.class);
                out.println("report = " + report);
            }
            out.println("done: workers drained, job server stopped");
        }
    }
}
