package io.gearmancdi.protocol;

import io.gearmancdi.GearmanProtocolException;
import io.gearmancdi.testing.ScriptedServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client/worker side connection: its read buffer grows with the bytes that arrive, up to one maximal packet; its
 * socket has TCP keepalive on.
 */
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

    @Test
    void issue10item9_connectionsHaveTcpKeepaliveOn() throws Exception {
        // the kernel shows an established socket's armed keepalive timer as timer_active 2 in /proc/net/tcp; without
        // SO_KEEPALIVE an idle connection has no timer (0)
        try (ScriptedServer server = new ScriptedServer();
             PacketConnection connection = PacketConnection.open(server.address(), WAIT, LIMIT);
             ScriptedServer.Peer peer = server.accept(WAIT)) {
            List<String> sockets = clientSockets(server.address().port());
            assertThat(sockets).as("the connection's socket in /proc/net/tcp").hasSize(1);
            assertThat(sockets.get(0)).as("timer_active:expiry of %s", connection).startsWith("02:");
        }
    }

    /** The timer column of the established sockets whose remote end is {@code port} on this host. */
    private static List<String> clientSockets(int port) throws IOException {
        String remote = String.format(Locale.ROOT, ":%04X", port);
        List<String> timers = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when ...; st 01 = ESTABLISHED
                if (f.length > 5 && f[2].endsWith(remote) && f[3].equals("01")) {
                    timers.add(f[5]);
                }
            }
        }
        return timers;
    }
}
