package io.gearmancdi.client.internal;

import io.gearmancdi.ServerAddress;
import io.gearmancdi.protocol.PacketType;
import io.gearmancdi.testing.LogCapture;
import org.junit.jupiter.api.Test;

import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

/** A catalogue message reaches java.util.logging on the module's logger, at its level, as "ID: text". */
class ClientMessagesTest {
    private static final ServerAddress SERVER = new ServerAddress("127.0.0.1", 4730);

    @Test
    void messageIsLoggedWithItsIdOnTheClientLogger() {
        try (LogCapture logs = LogCapture.of("io.gearmancdi.client")) {
            ClientMessages.lostConnection(SERVER);

            assertThat(logs.containing("lost connection")).singleElement().satisfies(r -> {
                assertThat(r.getLevel()).isEqualTo(Level.WARNING);
                assertThat(r.getLoggerName()).isEqualTo("io.gearmancdi.client");
                assertThat(r.getMessage()).isEqualTo("GEARMAN-2003: lost connection to gearman server 127.0.0.1:4730");
            });
        }
    }

    @Test
    void messageWithAnExceptionKeepsTheExceptionAndAMessageFormatLookalikeText() {
        RuntimeException boom = new RuntimeException("boom", null, false, false) { }; // no stack trace in the output
        try (LogCapture logs = LogCapture.of("io.gearmancdi.client")) {
            ClientMessages.unexpectedError(SERVER, "ERR", "it's {0} 'quoted'");
            ClientMessages.readerFailed(SERVER, boom);

            assertThat(logs.containing("GEARMAN-2008")).extracting(LogRecord::getMessage)
                    .containsExactly("GEARMAN-2008: gearman server 127.0.0.1:4730 sent ERROR ERR: it's {0} 'quoted'");
            assertThat(logs.containing("GEARMAN-2006")).singleElement().satisfies(r -> {
                assertThat(r.getLevel()).isEqualTo(Level.SEVERE);
                assertThat(r.getThrown()).isSameAs(boom);
            });
        }
    }
}
