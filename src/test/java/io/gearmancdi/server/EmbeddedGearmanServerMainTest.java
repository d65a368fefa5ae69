package io.gearmancdi.server;

import io.gearmancdi.ServerAddress;
import io.gearmancdi.testing.RawGearman;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.gearmancdi.protocol.PacketType.ECHO_REQ;
import static io.gearmancdi.protocol.PacketType.ECHO_RES;
import static org.assertj.core.api.Assertions.assertThat;

/** The command-line entry point in its own JVM: one line on stdout, serves, stops on SIGTERM. */
class EmbeddedGearmanServerMainTest {

    @Test
    void mainPrintsOneListeningLineServesAndStopsOnSigterm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                EmbeddedGearmanServer.class.getName(), "--host", "127.0.0.1", "--port", "0")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).matches("listening on 127\\.0\\.0\\.1:\\d+");
            int port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));
            try (RawGearman c = RawGearman.connect(new ServerAddress("127.0.0.1", port))) {
                c.send(ECHO_REQ, "alive");
                c.expect(ECHO_RES, "alive");
            }
            p.toHandle().destroy(); // SIGTERM, keeping our end of the pipes open
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(out.readLine()).as("exactly one line").isNull();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void mainRejectsUnknownOptionsWithUsage() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                EmbeddedGearmanServer.class.getName(), "--bogus", "1")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(out).contains("usage:");
    }
}
