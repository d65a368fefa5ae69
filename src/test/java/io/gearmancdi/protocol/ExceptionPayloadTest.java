package io.gearmancdi.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ExceptionPayloadTest {

    @Test
    void encodesTheDesignFormat() {
        byte[] json = new ExceptionPayload("java.lang.IllegalStateException", "bad \"x\"\n\tdone").encode();
        assertThat(new String(json, StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"java.lang.IllegalStateException\",\"message\":\"bad \\\"x\\\"\\n\\tdone\"}");
    }

    @Test
    void roundTripsNullsControlCharactersAndUnicode() {
        for (ExceptionPayload p : new ExceptionPayload[] {
                new ExceptionPayload("a.B", null),
                new ExceptionPayload(null, "m"),
                new ExceptionPayload("x", "\u0001 \\ é ☃ \r"),
        }) {
            assertThat(ExceptionPayload.decode(p.encode())).isEqualTo(p);
        }
    }

    @Test
    void readsForeignJsonWithExtraMembersAndSpaces() {
        String json = " { \"message\" : \"boom\", \"trace\": [1, {\"a\": \"}\"}], \"type\": \"ValueError\" } ";
        assertThat(ExceptionPayload.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new ExceptionPayload("ValueError", "boom"));
    }

    @Test
    void plainTextFromAForeignWorkerBecomesTheMessage() {
        assertThat(ExceptionPayload.decode("Traceback: it broke".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new ExceptionPayload(null, "Traceback: it broke"));
        assertThat(ExceptionPayload.decode("{\"type\": \"unterminated".getBytes(StandardCharsets.UTF_8)).type())
                .isNull();
        assertThat(ExceptionPayload.decode(new byte[0])).isEqualTo(new ExceptionPayload(null, null));
    }
}
