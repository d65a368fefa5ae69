package io.gearmancdi.interop;

import io.gearmancdi.cdi.fixtures.GearmanJobs;
import io.gearmancdi.testing.CdiApp;
import io.gearmancdi.testing.Foreign;
import io.gearmancdi.testing.JobServer;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11 item 4: the Perl {@code Gearman::Client} (libgearman-client-perl 2.004) calls our worker on real gearmand,
 * the embedded server and the Perl {@code Gearman::Server}; once a CDI {@code @GearmanJob} through the JSON envelope.
 */
class PerlClientInteropTest extends AbstractForeignClientTest {

    static Stream<String> servers() {
        return Stream.of("gearmand", "embedded", "perl-gearmand");
    }

    @Override
    protected String script() {
        return "perl-client.pl";
    }

    @Override
    protected boolean node() {
        return false;
    }

    @Test
    void perlClientCallsACdiGearmanJobWithTheJsonEnvelope() {
        JobServer server = server("gearmand");
        CdiApp app = track(CdiApp.start(Map.of("gearman.servers", server.address().toString(),
                "gearman.job-name.prefix", "interop", "gearman.worker.shutdown-timeout", "2s"), GearmanJobs.class));
        assertThat(app).isNotNull();
        awaitWorker(server, "interop.io.gearmancdi.cdi.fixtures.reverse");
        assertThat(Foreign.run(client(server.address(), "call", "interop.io.gearmancdi.cdi.fixtures.reverse",
                "{\"args\":[\"perl\"]}"))).contains("RESULT \"lrep\"");
    }
}
