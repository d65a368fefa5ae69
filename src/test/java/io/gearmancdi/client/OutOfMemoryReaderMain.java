package io.gearmancdi.client;

import io.gearmancdi.SubmitOptions;
import io.gearmancdi.protocol.Magic;
import io.gearmancdi.protocol.Packet;
import io.gearmancdi.protocol.PacketType;
import io.gearmancdi.testing.ScriptedServer;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Run by {@link ClientReaderErrorTest} in a JVM with a small heap (issue 10 item 3): a scripted server answers the
 * first call with a result far larger than that heap, so that the client's reader runs out of memory while reading it;
 * then a second call must be served on a new connection. Prints {@code first failed: ...} and {@code second: ...}.
 */
public final class OutOfMemoryReaderMain {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private OutOfMemoryReaderMain() {
    }

    public static void main(String[] args) throws Exception {
        try (ScriptedServer server = new ScriptedServer();
             JobClient client = JobClient.create(ClientOptions.builder().servers(List.of(server.address()))
                     .timeout(WAIT).backoff(Duration.ofMillis(10), Duration.ofMillis(100)).build())) {
            CompletableFuture<byte[]> first = client.submit("fn", new byte[0], SubmitOptions.DEFAULTS);
            ScriptedServer.Peer peer = opened(server);
            peer.expect(PacketType.SUBMIT_JOB);
            peer.send(Packet.responseText(PacketType.JOB_CREATED, "H:s:1"));
            int size = 60 << 20; // within the default packet limit (64 MiB), above this JVM's heap
            peer.write(ByteBuffer.allocate(12).putInt(Magic.RES.value()).putInt(PacketType.WORK_COMPLETE.code())
                    .putInt(size).array());
            byte[] chunk = new byte[1 << 20];
            try {
                for (int sent = 0; sent < size; sent += chunk.length) {
                    peer.write(chunk);
                }
            } catch (UncheckedIOException closedByTheClient) {
                // expected: the client gave up on this connection
            }
            try {
                first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                System.out.println("first: completed");
            } catch (ExecutionException e) {
                System.out.println("first failed: " + e.getCause().getClass().getSimpleName() + ": "
                        + e.getCause().getMessage());
            }
            CompletableFuture<byte[]> second = client.submit("fn", new byte[0], SubmitOptions.DEFAULTS);
            ScriptedServer.Peer again = opened(server);
            again.expect(PacketType.SUBMIT_JOB);
            again.send(Packet.responseText(PacketType.JOB_CREATED, "H:s:2"));
            again.send(Packet.response(PacketType.WORK_COMPLETE, Packet.utf8("H:s:2"), Packet.utf8("back")));
            System.out.println("second: " + new String(second.get(WAIT.toSeconds(), TimeUnit.SECONDS),
                    StandardCharsets.UTF_8));
        }
    }

    private static ScriptedServer.Peer opened(ScriptedServer server) {
        ScriptedServer.Peer peer = server.accept(WAIT);
        peer.expect(PacketType.OPTION_REQ);
        peer.send(Packet.responseText(PacketType.OPTION_RES, "exceptions"));
        return peer;
    }
}
