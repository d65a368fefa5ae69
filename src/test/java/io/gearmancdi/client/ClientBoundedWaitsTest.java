package io.gearmancdi.client;

import io.gearmancdi.GearmanTimeoutException;
import io.gearmancdi.JobHandle;
import io.gearmancdi.SubmitOptions;
import io.gearmancdi.protocol.PacketType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 11 item 12: every wait of the client has its own documented bound, checked against a server that accepts the
 * connection and then never answers. The heartbeat is set far out, so that only the bound under test can end a wait.
 */
class ClientBoundedWaitsTest extends AbstractScriptedClientTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    ClientBoundedWaitsTest() {
        super(WAIT);
    }

    private JobClient client(ClientOptions.Builder options) {
        return connect(options.heartbeat(Duration.ofHours(1), Duration.ofHours(1)));
    }

    @Test
    @DisplayName("issue 11 item 12: a background submit that is never answered fails after the submit timeout")
    void issue11Item12BackgroundSubmitNeverAnsweredFailsAfterTheSubmitTimeout() {
        CompletableFuture<JobHandle> queued = client(ClientOptions.builder().submitTimeout(Duration.ofMillis(300)))
                .submitBackground("fn", new byte[0], SubmitOptions.DEFAULTS);
        opened().expect(PacketType.SUBMIT_JOB_BG); // and no JOB_CREATED, ever

        assertThatThrownBy(() -> queued.get(WAIT.toSeconds(), TimeUnit.SECONDS)).cause()
                .isInstanceOf(GearmanTimeoutException.class).hasMessageContaining("was not queued within PT0.3S");
    }

    @Test
    @DisplayName("issue 11 item 12: the per-submission timeout bounds a background submit too")
    void issue11Item12SubmitOptionsTimeoutBoundsABackgroundSubmit() {
        CompletableFuture<JobHandle> queued = client(ClientOptions.builder())
                .submitBackground("fn", new byte[0], SubmitOptions.builder().timeout(Duration.ofMillis(200)).build());
        opened().expect(PacketType.SUBMIT_JOB_BG);

        assertThatThrownBy(() -> queued.get(WAIT.toSeconds(), TimeUnit.SECONDS)).cause()
                .isInstanceOf(GearmanTimeoutException.class).hasMessageContaining("within PT0.2S");
    }

    @Test
    @DisplayName("issue 11 item 12: a status query is bounded by the status timeout, not the call timeout")
    void issue11Item12StatusQueryNeverAnsweredFailsAfterTheStatusTimeout() {
        JobClient c = client(ClientOptions.builder().statusTimeout(Duration.ofMillis(300)));
        CompletableFuture<Void> asked = CompletableFuture.runAsync(() -> c.statusByUnique("u-1"));
        opened().expect(PacketType.GET_STATUS_UNIQUE);

        assertThatThrownBy(() -> asked.get(WAIT.toSeconds(), TimeUnit.SECONDS)).cause()
                .isInstanceOf(GearmanTimeoutException.class).hasMessageContaining("PT0.3S");
    }

    @Test
    void defaultsAreDocumentedConstants() {
        ClientOptions o = ClientOptions.builder().build();
        assertThat(o.submitTimeout()).isEqualTo(ClientOptions.DEFAULT_SUBMIT_TIMEOUT).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.statusTimeout()).isEqualTo(ClientOptions.DEFAULT_STATUS_TIMEOUT).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.heartbeatInterval()).isEqualTo(ClientOptions.DEFAULT_HEARTBEAT_INTERVAL);
        assertThat(o.heartbeatTimeout()).isEqualTo(ClientOptions.DEFAULT_HEARTBEAT_TIMEOUT);
        assertThat(o.mutate().build().submitTimeout()).isEqualTo(o.submitTimeout());
        assertThatThrownBy(() -> ClientOptions.builder().submitTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("submitTimeout");
    }
}
