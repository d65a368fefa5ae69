package io.gearmancdi.testing;

import io.gearmancdi.GearmanClient;
import io.gearmancdi.cdi.GearmanExtension;
import io.gearmancdi.cdi.fixtures.GearmanJobs;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 13: {@link CdiAppExtension#starting}, an app whose settings are computed when the class starts. */
class CdiAppExtensionStartingTest {
    @RegisterExtension
    static final CdiAppExtension APP = CdiAppExtension.starting(context -> Map.of(
            "gearman.servers", GearmandExtension.gearmand(context).address().toString(),
            "gearman.job-name.prefix", "started-by-" + context.getRequiredTestClass().getSimpleName()),
            GearmanJobs.class);

    private final CdiApp app;

    CdiAppExtensionStartingTest(CdiApp app) {
        this.app = app;
    }

    @Test
    @DisplayName("issue 13: the computed settings are the app's, and it serves its jobs on the class's gearmand")
    void computedSettings(CdiApp app) {
        assertThat(app).isSameAs(this.app);
        GearmanClient client = app.get(GearmanClient.class);
        assertThat(client.functionName("x")).isEqualTo("started-by-CdiAppExtensionStartingTest.x");
        assertThat(app.get(GearmanExtension.class).servers()).hasSize(1);
        assertThat(client.call("io.gearmancdi.cdi.fixtures.reverse", String.class, "abc")).isEqualTo("cba");
    }
}
