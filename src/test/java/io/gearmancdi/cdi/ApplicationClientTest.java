package io.gearmancdi.cdi;

import io.gearmancdi.GearmanClient;
import io.gearmancdi.cdi.fixtures.AppClientProducer;
import io.gearmancdi.cdi.fixtures.GearmanJobs;
import io.gearmancdi.testing.CdiApp;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An application that declares its own {@link GearmanClient} bean gets that one, not a second (ambiguous) one. */
class ApplicationClientTest {
    @Test
    void applicationsOwnClientBeanReplacesTheExtensionsClient() {
        try (CdiApp app = CdiApp.start(Map.of("gearman.worker.enabled", "false"), GearmanJobs.class,
                AppClientProducer.class)) {
            assertThat(app.container().select(GearmanClient.class).isResolvable()).isTrue();
            assertThat(app.get(GearmanClient.class).functionName("x")).isEqualTo("own:x");
        }
    }
}
