package io.gearmancdi.json;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
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
    void utf8PathsAgreeWithTheTextPaths() {
        for (String s : STRINGS) {
            byte[] ours = JsonScalars.writeUtf8(s);
            assertThat(new String(ours, StandardCharsets.UTF_8)).as(s).isEqualTo(JsonScalars.write(s));
            Object back = JsonScalars.readUtf8(ours, String.class);
            if (back != JsonScalars.NOT_HANDLED) {
                assertThat(back).as("escape-free literal %s", s).isEqualTo(s);
            } else {
                assertThat(new String(ours, StandardCharsets.UTF_8)).as(s).containsAnyOf("\\", "\\\"");
            }
        }
        String big = "é☃".repeat(5_000) + "x".repeat(20_000);
        assertThat(JsonScalars.readUtf8(JsonScalars.writeUtf8(big), String.class)).isEqualTo(big);
        for (String raw : List.of("\"a\" \"b\"", "\"", "\"\"\"", "null", "\"tab\there\"", "\"esc\\n\"")) {
            assertThat(JsonScalars.readUtf8(raw.getBytes(StandardCharsets.UTF_8), String.class)).as(raw)
                    .isSameAs(JsonScalars.NOT_HANDLED);
        }
        assertThat(JsonScalars.readUtf8("\"1\"".getBytes(StandardCharsets.UTF_8), int.class))
                .isSameAs(JsonScalars.NOT_HANDLED);
        assertThat(JsonScalars.writeUtf8(42)).isEqualTo("42".getBytes(StandardCharsets.US_ASCII));
        assertThat(JsonScalars.writeUtf8(1.5)).isNull();
    }

    @Test
    void escapeScanFindsEveryByteThatNeedsEscapingAtEveryPosition() {
        java.util.Random random = new java.util.Random(42);
        for (int round = 0; round < 2_000; round++) {
            byte[] bytes = new byte[random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) ('a' + random.nextInt(26));
            }
            if (bytes.length > 0 && random.nextBoolean()) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            boolean expected = false;
            for (int i = from; i < bytes.length; i++) {
                expected |= bytes[i] == '"' || bytes[i] == '\\' || bytes[i] >= 0 && bytes[i] < 0x20;
            }
            assertThat(JsonScalars.needsEscape(bytes, from, bytes.length)).as(java.util.Arrays.toString(bytes) + " from "
                    + from).isEqualTo(expected);
        }
        for (int b = 0; b < 256; b++) {
            byte[] bytes = "abcdefghijklmnopq".getBytes(StandardCharsets.US_ASCII);
            bytes[9] = (byte) b;
            assertThat(JsonScalars.needsEscape(bytes, 0, bytes.length)).as("byte %d", b)
                    .isEqualTo(b == '"' || b == '\\' || b < 0x20);
        }
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
