package io.gearmancdi.worker;

import io.gearmancdi.protocol.PacketType;
import io.gearmancdi.testing.ScriptedServer;
import io.gearmancdi.testing.ScriptedServer.Peer;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Base of the worker tests that script the server's side packet by packet, against a {@link ScriptedServer}. */
abstract class AbstractScriptedWorkerTest extends AbstractWorkerTest {
    /** The bound of every wait of the test's own steps: only a hang reaches it. */
    protected static final Duration WAIT = Duration.ofSeconds(10);

    protected final ScriptedServer server = new ScriptedServer();

    @AfterEach
    void closeServer() {
        server.close();
    }

    /** @return options with the scripted server as the only server, and short back-off */
    protected WorkerOptions.Builder options() {
        return WorkerOptions.builder().servers(List.of(server.address()))
                .backoff(Duration.ofMillis(20), Duration.ofMillis(100));
    }

    /**
     * Accepts the worker's connection and reads its registration: {@code RESET_ABILITIES}, a {@code CAN_DO} per
     * function in order, then {@code GRAB_JOB_UNIQ}.
     */
    protected Peer registered(String... functions) {
        Peer peer = server.accept(WAIT);
        peer.expect(PacketType.RESET_ABILITIES);
        for (String f : functions) {
            assertThat(peer.expect(PacketType.CAN_DO).text(0)).isEqualTo(f);
        }
        peer.expect(PacketType.GRAB_JOB_UNIQ);
        return peer;
    }
}
