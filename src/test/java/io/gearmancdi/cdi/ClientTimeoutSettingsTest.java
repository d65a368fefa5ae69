package io.gearmancdi.cdi;

import io.gearmancdi.client.ClientOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 11 item 12: the CDI keys of the client's submit and status bounds. */
class ClientTimeoutSettingsTest {

    private static GearmanSettings read(Map<String, String> values, List<String> problems) {
        return GearmanSettings.read(key -> Optional.ofNullable(values.get(key)), problems);
    }

    @Test
    @DisplayName("issue 11 item 12: gearman.client.submit-timeout and status-timeout reach the client options")
    void issue11Item12SubmitAndStatusTimeoutsAreReadAndPassedOn() {
        List<String> problems = new ArrayList<>();
        GearmanSettings s = read(Map.of("gearman.client.timeout", "90s", "gearman.client.submit-timeout", "2s",
                "gearman.client.status-timeout", "PT0.5S"), problems);
        assertThat(problems).isEmpty();
        ClientOptions options = s.clientOptions();
        assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(options.submitTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.statusTimeout()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void defaultsAreTheClientsAndBadValuesNameTheirKeys() {
        List<String> problems = new ArrayList<>();
        GearmanSettings s = read(Map.of(), problems);
        assertThat(s.clientSubmitTimeout()).isEqualTo(ClientOptions.DEFAULT_SUBMIT_TIMEOUT);
        assertThat(s.clientStatusTimeout()).isEqualTo(ClientOptions.DEFAULT_STATUS_TIMEOUT);
        read(Map.of("gearman.client.submit-timeout", "0s", "gearman.client.status-timeout", "soon"), problems);
        assertThat(problems).anyMatch(p -> p.contains("gearman.client.submit-timeout"))
                .anyMatch(p -> p.contains("gearman.client.status-timeout"));
    }
}
