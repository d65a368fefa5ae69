package io.gearmancdi.json;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Type;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The scalar fast paths agree with JSON-B (Yasson) both ways, and hand everything else to it. */
class JsonScalarsTest {
    private static final Jsonb JSONB = JsonbBuilder.create();

    @AfterAll
    static void close() throws Exception {
        JSONB.close();
    }

    private static final List<String> STRINGS = List.of("", "hello gearman", "quote \" backslash \\ slash /",
            "lines\n\r\ttab", "\u0000\u0001\u001f control", "é ☃ 𝄞 unicode", "{\"args\":[1]}", "\b\f");

    @Test
    void stringsRoundTripLikeJsonb() {
        for (String s : STRINGS) {
            String ours = JsonScalars.write(s);
            assertThat(JSONB.fromJson(ours, String.class)).as("JSON-B reads our %s", ours).isEqualTo(s);
            assertThat(JsonScalars.read(JSONB.toJson(s), String.class)).as("we read JSON-B's").isEqualTo(s);
        }
        assertThat(JsonScalars.read("\"\\u00e9\\uD834\\uDD1E\"", String.class)).isEqualTo("é𝄞");
    }

    @Test
    void integersAndBooleansRoundTripLikeJsonb() {
        for (Object v : List.of(0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 42L, Long.MIN_VALUE, true, false)) {
            String ours = JsonScalars.write(v);
            assertThat(ours).isEqualTo(JSONB.toJson(v));
            Type type = v.getClass();
            assertThat(JsonScalars.read(ours, type)).isEqualTo(v);
        }
        assertThat(JsonScalars.read(" 7 ", int.class)).isEqualTo(7);
    }

    @Test
    void everythingElseIsLeftToJsonb() {
        assertThat(JsonScalars.write(1.5)).isNull();
        assertThat(JsonScalars.write(new java.math.BigDecimal("1.0"))).isNull();
        assertThat(JsonScalars.write(List.of())).isNull();
        for (String raw : List.of("null", "1.0", "1e3", "2147483648", "\"unterminated", "\"a\" \"b\"", "\"bad \\x\"",
                "\"short \\u12\"", "true1", "-", "")) {
            assertThat(JsonScalars.read(raw, int.class)).as(raw).isSameAs(JsonScalars.NOT_HANDLED);
            if (!raw.startsWith("\"") || raw.equals("\"a\" \"b\"") || raw.contains("\\")) {
                assertThat(JsonScalars.read(raw, String.class)).as(raw).isSameAs(JsonScalars.NOT_HANDLED);
            }
        }
        assertThat(JsonScalars.read("\"x\"", java.time.LocalDate.class)).isSameAs(JsonScalars.NOT_HANDLED);
    }
}
