package io.gearmancdi.protocol;

import io.gearmancdi.GearmanProtocolException;
import io.gearmancdi.testing.ScriptedServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client/worker side connection's read buffer: grows with the bytes that arrive, up to one maximal packet. */
class PacketConnectionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Four times the initial buffer, so that doubling overshoots it exactly as 64 MiB did with the default limit. */
    private static final int LIMIT = 256 * 1024;

    @Test
    void issue10item10_bodiesWithinElevenBytesOfTheLimitAndAtTheLimitAreRead() throws Exception {
        try (ScriptedServer server = new ScriptedServer();
             PacketConnection connection = PacketConnection.open(server.address(), WAIT, LIMIT);
             ScriptedServer.Peer peer = server.accept(WAIT)) {
            connection.readTimeout(WAIT);
            for (int size : new int[] {LIMIT - 11, LIMIT - 1, LIMIT, 10}) {
                byte[] body = new byte[size - "H:1".length() - 1];
                Arrays.fill(body, (byte) 'x');
                peer.send(Packet.response(PacketType.WORK_DATA, "H:1".getBytes(), body));
                Packet packet = connection.read();
                assertThat(packet.type()).isEqualTo(PacketType.WORK_DATA);
                assertThat(packet.argument(1)).hasSize(body.length);
            }
        }
    }

    @Test
    void aBodyAboveTheLimitIsAProtocolError() throws Exception {
        try (ScriptedServer server = new ScriptedServer();
             PacketConnection connection = PacketConnection.open(server.address(), WAIT, LIMIT);
             ScriptedServer.Peer peer = server.accept(WAIT)) {
            connection.readTimeout(WAIT);
            peer.send(Packet.response(PacketType.WORK_DATA, "H:1".getBytes(), new byte[LIMIT - 3]));
            assertThatThrownBy(connection::read).isInstanceOf(GearmanProtocolException.class)
                    .hasMessageContaining("above the limit");
        }
    }
}
