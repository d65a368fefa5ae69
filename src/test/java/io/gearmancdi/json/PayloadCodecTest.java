package io.gearmancdi.json;

import io.gearmancdi.GearmanPayloadException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayloadCodecTest {
    private final PayloadCodec codec = new PayloadCodec();

    @AfterEach
    void close() {
        codec.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private String encode(List<?> args, Map<String, ?> kwargs) {
        return new String(codec.encodeRequest(args, kwargs), StandardCharsets.UTF_8);
    }

    @Test
    void singleArgumentIsAlwaysOneElementOfArgsWhateverItsValue() {
        assertThat(encode(Arrays.asList((Object) null), Map.of())).isEqualTo("{\"args\":[null]}");
        assertThat(encode(List.of(0), Map.of())).isEqualTo("{\"args\":[0]}");
        assertThat(encode(List.of(""), Map.of())).isEqualTo("{\"args\":[\"\"]}");
        assertThat(encode(List.of(List.of(1, 2)), Map.of())).isEqualTo("{\"args\":[[1,2]]}");
    }

    @Test
    void kwargsAreWrittenInOrderWithEscapedNames() {
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("b", "x\"y");
        kwargs.put("a\u00e9", new BigDecimal("1.50"));
        assertThat(encode(List.of(), kwargs)).isEqualTo("{\"args\":[],\"kwargs\":{\"b\":\"x\\\"y\",\"a\u00e9\":1.50}}");
    }

    @Test
    void decodeKeepsTheRawTextOfEveryValue() {
        Envelope e = codec.decodeRequest(utf8(" {\"kwargs\": {\"n\": 1.50, \"s\": \"a,]}\\\"\"}, \"args\": [null, 0, \"\","
                + " {\"k\": [1, {\"z\": \"]\"}]}]} "));
        assertThat(e.args()).containsExactly("null", "0", "\"\"", "{\"k\": [1, {\"z\": \"]\"}]}");
        assertThat(e.kwargs()).containsExactly(Map.entry("n", "1.50"), Map.entry("s", "\"a,]}\\\"\""));
    }

    @Test
    void largeStringsWithEscapesRoundTrip() {
        String big = ("plain text " + "x".repeat(1000) + " \"quoted\" back\\slash \n é☃𝄞 ").repeat(100);
        Envelope e = codec.decodeRequest(codec.encodeRequest(List.of(big, 7), Map.of("k", big)));
        assertThat(e.args()).hasSize(2);
        assertThat(codec.convert(e.args().get(0), String.class)).isEqualTo(big);
        assertThat(codec.convert(e.args().get(1), int.class)).isEqualTo(7);
        assertThat(codec.convert(e.kwargs().get("k"), String.class)).isEqualTo(big);
        assertThat(codec.decodeValue(codec.encodeValue(big), String.class)).isEqualTo(big);
        assertThat(codec.decodeValue(codec.encodeValue(null), String.class)).isNull();
    }

    @Test
    void stringsWithBadEscapesOrNoEndAreRejected() {
        String longText = "y".repeat(10_000);
        for (String bad : List.of("{\"args\":[\"" + longText + "\\q\"]}", "{\"args\":[\"" + longText + "]}",
                "{\"args\":[\"\\u12G4\"]}", "{\"args\":[\"\\u12\"]}", "{\"args\":[\"" + longText + "\\")) {
            assertThatThrownBy(() -> codec.decodeRequest(utf8(bad))).as(JsonSlicer.abbreviate(bad))
                    .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("JSON envelope");
        }
    }

    @Test
    void missingKeysAndEmptyPayloadMeanNoArguments() {
        assertThat(codec.decodeRequest(utf8("{}"))).isEqualTo(Envelope.EMPTY);
        assertThat(codec.decodeRequest(utf8(""))).isEqualTo(Envelope.EMPTY);
        assertThat(codec.decodeRequest(utf8("{\"args\":[1]}")).kwargs()).isEmpty();
        assertThat(codec.decodeRequest(utf8("{\"kwargs\":{\"a\":1}}")).args()).isEmpty();
    }

    @Test
    void invalidJsonPayloadsAreRejectedWithAClearMessage() {
        for (String bad : List.of("hello", "[1,2]", "{\"args\":[1,}", "{\"args\":1}", "{\"kwargs\":[1]}",
                "{\"args\":[1]", "{\"args\":[]} trailing", "{\"arg\":[1]}", "{\"args\":[],\"args\":[]}",
                "{\"kwargs\":{\"a\":1,\"a\":2}}", "{\"args\":[\"\\x\"]}")) {
            assertThatThrownBy(() -> codec.decodeRequest(utf8(bad))).as(bad)
                    .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("JSON envelope");
        }
        assertThatThrownBy(() -> codec.decodeRequest(utf8("{\"arg\":[1]}"))).hasMessageContaining("unknown key 'arg'");
    }

    @Test
    void resultsRoundTripThroughGenericTypes() throws Exception {
        byte[] json = codec.encodeValue(List.of(Map.of("a", new BigDecimal("0.1"))));
        Object back = codec.decodeValue(json, PayloadCodecTest.class.getDeclaredField("shape").getGenericType());
        assertThat(back).isEqualTo(List.of(Map.of("a", new BigDecimal("0.1"))));
        assertThat(new String(codec.encodeValue(null), StandardCharsets.UTF_8)).isEqualTo("null");
        assertThat(codec.decodeValue(utf8("null"), String.class)).isNull();
    }

    @Test
    @org.junit.jupiter.api.DisplayName("issue 14 traces: meta carries traceparent/tracestate as strings; a retry keeps them")
    void traceContextTravelsInMetaAndSurvivesARetryIssue14Traces() {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(Envelope.TRACEPARENT, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        meta.put(Envelope.TRACESTATE, "a=\"b\"");
        byte[] payload = codec.encodeRequest(List.of("x"), Map.of("k", 1), meta);
        assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo("{\"args\":[\"x\"],\"kwargs\":{\"k\":1},"
                + "\"meta\":{\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\","
                + "\"tracestate\":\"a=\\\"b\\\"\"}}");
        Envelope read = codec.decodeRequest(codec.withAttempt(payload, 2));
        assertThat(read.attempt()).isEqualTo(2);
        assertThat(read.metaString(Envelope.TRACEPARENT))
                .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(read.metaString(Envelope.TRACESTATE)).isEqualTo("a=\"b\"");
        assertThat(encode(List.of(), Map.of())).isEqualTo("{\"args\":[]}"); // no meta when there is nothing to carry
    }

    @Test
    @org.junit.jupiter.api.DisplayName("issue 14 traces: a traceparent of the wrong JSON type never fails the payload")
    void metaTextMembersOfAnyShapeAreReadNotRefusedIssue14Traces() {
        Envelope e = codec.decodeRequest(utf8("{\"args\":[],\"meta\":{\"traceparent\":{\"x\":[1]},\"tracestate\":7}}"));
        assertThat(e.metaString(Envelope.TRACEPARENT)).isEqualTo("{\"x\":[1]}");
        assertThat(e.metaString(Envelope.TRACESTATE)).isEqualTo("7");
        assertThat(e.metaString("absent")).isNull();
    }

    @SuppressWarnings("unused")
    private List<Map<String, BigDecimal>> shape;
}
