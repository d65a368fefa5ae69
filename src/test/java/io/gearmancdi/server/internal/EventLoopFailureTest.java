package io.gearmancdi.server.internal;

import io.gearmancdi.testing.LogCapture;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 10 item 7: an {@link Error} on the selector thread (here forced, in production an out-of-memory) stops the
 * server loudly: the loop ends, the port closes, the error is kept for {@code failure()} and logged as GEARMAN-5012.
 * Before, the thread died silently (the server then kept no port but reported nothing; the CLI exited 0 or hung).
 */
class EventLoopFailureTest {

    @Test
    void issue10item7_anErrorOnTheSelectorThreadStopsTheServerAndIsReported() throws Exception {
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, 1024 * 1024, 0, new int[] {0, 0, 0}, 0,
                2 * 1024 * 1024, 1024 * 1024, false, "H:test", false, "test");
        try (LogCapture log = LogCapture.of("io.gearmancdi.server")) {
            EventLoop loop = new EventLoop(settings);
            int port = loop.port();
            try (Socket before = new Socket()) {
                before.connect(new InetSocketAddress("127.0.0.1", port), 5000); // bound and listening
            }
            OutOfMemoryError forced = new OutOfMemoryError("forced by the test");
            loop.timers.schedule(TimeUnit.MILLISECONDS.toNanos(200), () -> {
                throw forced;
            });
            loop.start();
            assertThat(loop.awaitTermination(20, TimeUnit.SECONDS)).as("the loop ends").isTrue();
            assertThat(loop.failure()).isSameAs(forced);
            assertThat(log.matching(Level.SEVERE, "GEARMAN-5012")).hasSize(1);
            assertThatThrownBy(() -> {
                try (Socket after = new Socket()) {
                    after.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                }
            }).isInstanceOf(ConnectException.class);
        }
    }
}
