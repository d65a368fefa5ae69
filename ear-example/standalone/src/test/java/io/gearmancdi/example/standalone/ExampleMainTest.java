package io.gearmancdi.example.standalone;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's quick start (./run-example) prints what it promises: results and the report's progress. */
class ExampleMainTest {

    @AfterEach
    void clear() {
        System.clearProperty("gearman.servers");
    }

    @Test
    void runsTheJobsOnTheEmbeddedServerAndPrintsTheirResults() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            ExampleMain.run(out);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed)
                .contains("reverse(\"hello gearman\") = \"namraeg olleh\"")
                .contains("add(2, 40) = 42")
                .contains("report progress: 1/5")
                .contains("report progress: 5/5")
                .containsPattern("report = Report\\[customer=ACME, pages=5, renderedBy=gearman-worker-\\d+]")
                .contains("done: workers drained, job server stopped");
    }
}
