package io.gearmancdi.client;

import io.gearmancdi.protocol.Packet;
import io.gearmancdi.protocol.PacketType;
import io.gearmancdi.testing.ScriptedServer;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;
import java.util.List;

/**
 * Base of the client tests that script the server's side packet by packet: a {@link ScriptedServer}, the client under
 * test connected to it alone (closed after each test), and the server's half of the opening.
 */
abstract class AbstractScriptedClientTest {
    protected final ScriptedServer server = new ScriptedServer();
    protected JobClient client;
    /** The bound of every wait of the test's own steps, and the client's call timeout: only a hang reaches it. */
    private final Duration wait;

    protected AbstractScriptedClientTest(Duration wait) {
        this.wait = wait;
    }

    @AfterEach
    void closeClientAndServer() {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    /** @return the client under test: {@code options} with the scripted server as its only server */
    protected JobClient connect(ClientOptions.Builder options) {
        client = JobClient.create(options.servers(List.of(server.address())).timeout(wait).build());
        return client;
    }

    /** Accepts the client's connection and answers its {@code OPTION_REQ exceptions}. */
    protected ScriptedServer.Peer opened() {
        ScriptedServer.Peer peer = server.accept(wait);
        peer.expect(PacketType.OPTION_REQ);
        peer.send(Packet.responseText(PacketType.OPTION_RES, "exceptions"));
        return peer;
    }
}
