package io.gearmancdi.json;

import io.gearmancdi.GearmanPayloadException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hostile and sloppy JSON, issue 10 items 1, 2, 5, 11 and issue 11 item 5: refused early, clearly, never hanging. */
class JsonHardeningTest {
    private final PayloadCodec codec = new PayloadCodec();

    @AfterEach
    void close() {
        codec.close();
    }

    public record Point(int z) {
    }

    public record Flags(boolean on, double d, float f, Optional<Short> s, List<Point> points) {
    }

    /** A record without a component "z": JSON-B skips unknown members, and Parsson's skip spun on bad brackets. */
    public record Other(int x) {
    }

    @SuppressWarnings("unused")
    public static class Jobs {
        public void record(Point point) {
        }

        public void other(Other other) {
        }

        public void nested(List<Integer> ints, Map<String, Long> longs) {
        }

        public void flags(Flags flags, List<Boolean> list, Optional<Double> maybe, double[] array) {
        }

        public void any(Object value) {
        }

        public void map(Map<String, Object> value) {
        }

        public void integers(int i, long l, short s, byte b) {
        }

        public void boxed(Integer i, Long l, Short s, Byte b) {
        }

        public void floats(float f, double d) {
        }

        public void big(BigInteger i, BigDecimal d) {
        }

        public void flag(boolean b) {
        }

        public void letter(char c) {
        }

        public void text(String s) {
        }

        public void optional(Optional<String> s) {
        }

        public Optional<String> optionalResult() {
            return Optional.empty();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Object[] bind(String method, String payload) {
        return bind(codec, method, utf8(payload));
    }

    static Object[] bind(PayloadCodec codec, String method, byte[] payload) {
        Method m = Arrays.stream(Jobs.class.getMethods()).filter(x -> x.getName().equals(method)).findFirst()
                .orElseThrow();
        return ArgumentBinder.of(method, m).bind(codec.decodeRequest(payload), null, codec);
    }

    private static Type type(String method) {
        return Arrays.stream(Jobs.class.getMethods()).filter(x -> x.getName().equals(method)).findFirst()
                .orElseThrow().getGenericReturnType();
    }

    // issue 10 item 1

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @DisplayName("issue 10 item 1: {\"args\":[{\"z\":[}}]} fails the job instead of spinning forever in JSON-B")
    void nineteenByteMismatchedBracketsFailTheJobInsteadOfHanging() {
        String payload = "{\"args\":[{\"z\":[}}]}";
        assertThat(utf8(payload)).hasSize(19);
        for (String method : List.of("other", "record")) {
            assertThatThrownBy(() -> bind(method, payload)).isInstanceOf(GearmanPayloadException.class)
                    .hasMessageContaining("expected a JSON value at character 15");
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @DisplayName("issue 10 item 1: a result {\"\":[ read as a record fails instead of hanging the client")
    void unclosedResultReadAsARecordFailsInsteadOfHanging() {
        assertThatThrownBy(() -> codec.decodeValue(utf8("{\"\":["), Other.class))
                .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("the result is not valid JSON");
    }

    @Test
    @DisplayName("issue 10 item 1: every argument's structure is checked in full before JSON-B sees it")
    void malformedArgumentStructureIsRefusedWhateverTheParameterType() {
        for (String bad : List.of("[}", "{]", "[1,]", "{\"a\":1,}", "[1 2]", "{\"a\" 1}", "{\"a\":}", "{1:2}",
                "[01]", "[1.]", "[.5]", "[+1]", "[-]", "[1e]", "[tru]", "[truex]", "[nullx]", "[12abc]", "[\"a\nb\"]",
                "[NaN]", "[Infinity]", "['a']", "[\"\\x\"]", "{\"z\":[}}")) {
            String payload = "{\"args\":[" + bad + "]}";
            assertThatThrownBy(() -> bind("any", payload)).as(payload).isInstanceOf(GearmanPayloadException.class)
                    .hasMessageContaining("JSON envelope");
            assertThatThrownBy(() -> codec.decodeValue(utf8(bad), Object.class)).as(bad)
                    .isInstanceOf(GearmanPayloadException.class);
        }
    }

    // issue 10 item 2

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @DisplayName("issue 10 item 2: a 48 MB escaped string decodes (the quadratic slicer took hours)")
    void fortyEightMegabyteEscapedStringDecodes() {
        // 48 MiB of JSON text, every character escaped; the old slicer searched for the closing quote from each escape
        String big = "\\n\\t".repeat(12 * 1024 * 1024);
        byte[] payload = utf8("{\"args\":[\"" + big + "\"]}");
        try (PayloadCodec large = new PayloadCodec(JsonLimits.builder().maxSize(64 * 1024 * 1024).build())) {
            Object[] values = bind(large, "text", payload);
            assertThat((String) values[0]).hasSize(24 * 1024 * 1024).startsWith("\n\t\n\t");
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @DisplayName("issue 10 item 2: 14 MB of short strings decode (the quadratic slicer took 8 s for 1.6 MB)")
    void manyShortStringsDecode() {
        // the old slicer searched for a backslash up to the end of the payload once per string: at this size, ten
        // minutes and more; linear, well under a second
        StringBuilder json = new StringBuilder("{\"args\":[[");
        for (int k = 0; k < 3_500_000; k++) {
            json.append(k == 0 ? "" : ",").append("\"a\"");
        }
        Envelope e = codec.decodeRequest(utf8(json.append("]]}").toString()));
        assertThat(e.args()).hasSize(1);
        assertThat(e.args().get(0).length()).isGreaterThan(14_000_000);
    }

    // issue 10 item 5

    @Test
    @DisplayName("issue 10 item 5: out-of-range, fractional and wrong-kind scalars fail naming the parameter")
    void numbersAndGarbageAreNeverCoerced() {
        Map<String, String> refused = Map.ofEntries(
                Map.entry("{\"args\":[4294967297,1,1,1]}", "'i'"),
                Map.entry("{\"args\":[1e10,1,1,1]}", "'i'"),
                Map.entry("{\"args\":[1e999999,1,1,1]}", "'i'"),
                Map.entry("{\"args\":[1.9,1,1,1]}", "'i'"),
                Map.entry("{\"args\":[1,1e20,1,1]}", "'l'"),
                Map.entry("{\"args\":[1,9223372036854775808,1,1]}", "'l'"),
                Map.entry("{\"args\":[1,1,32768,1]}", "'s'"),
                Map.entry("{\"args\":[1,1,1,128]}", "'b'"),
                Map.entry("{\"args\":[1,1,1,-129]}", "'b'"),
                Map.entry("{\"args\":[\"12abc\",1,1,1]}", "'i'"),
                Map.entry("{\"args\":[\" 12\",1,1,1]}", "'i'"),
                Map.entry("{\"args\":[\"1.9\",1,1,1]}", "'i'"),
                Map.entry("{\"args\":[1,\"1e20\",1,1]}", "'l'"),
                Map.entry("{\"args\":[true,1,1,1]}", "'i'"),
                Map.entry("{\"args\":[1,1,1,0.5]}", "'b'"),
                Map.entry("{\"args\":[1,1e-5,1,1]}", "'l'"));
        refused.forEach((payload, name) -> {
            assertThatThrownBy(() -> bind("integers", payload)).as(payload)
                    .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("argument " + name);
            assertThatThrownBy(() -> bind("boxed", payload)).as(payload)
                    .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("argument " + name);
        });
        for (String payload : List.of("{\"args\":[1e300,1]}", "{\"args\":[1e-50,1]}", "{\"args\":[1,1e999]}",
                "{\"args\":[1,-1e999]}", "{\"args\":[1,1e-400]}", "{\"args\":[\"1x\",1]}", "{\"args\":[\"NaN\",1]}",
                "{\"args\":[1,\"Infinity\"]}")) {
            assertThatThrownBy(() -> bind("floats", payload)).as(payload).isInstanceOf(GearmanPayloadException.class);
        }
        for (String payload : List.of("{\"args\":[1]}", "{\"args\":[0]}", "{\"args\":[\"true\"]}",
                "{\"args\":[null]}")) {
            assertThatThrownBy(() -> bind("flag", payload)).as(payload).isInstanceOf(GearmanPayloadException.class)
                    .hasMessageContaining("argument 'b'");
        }
        for (String payload : List.of("{\"args\":[\"ab\"]}", "{\"args\":[\"\"]}", "{\"args\":[65]}")) {
            assertThatThrownBy(() -> bind("letter", payload)).as(payload).isInstanceOf(GearmanPayloadException.class)
                    .hasMessageContaining("argument 'c'");
        }
        assertThatThrownBy(() -> bind("big", "{\"args\":[1.5,1]}")).hasMessageContaining("argument 'i'");
        assertThatThrownBy(() -> bind("big", "{\"args\":[1e999999999,1]}")).hasMessageContaining("argument 'i'");
        assertThatThrownBy(() -> bind("big", "{\"args\":[1,1e9999999999]}")).hasMessageContaining("argument 'd'");
    }

    @Test
    @DisplayName("issue 10 item 5: exact integral values in any JSON notation are accepted")
    void exactValuesAreAcceptedInAnyNotation() {
        assertThat(bind("integers", "{\"args\":[2.0,2e3,-0,1.27e2]}")).containsExactly(2, 2000L, (short) 0,
                (byte) 127);
        assertThat(bind("integers", "{\"args\":[-2147483648,-9223372036854775808,-32768,-128]}"))
                .containsExactly(Integer.MIN_VALUE, Long.MIN_VALUE, Short.MIN_VALUE, Byte.MIN_VALUE);
        assertThat(bind("floats", "{\"args\":[1.5,1e300]}")).containsExactly(1.5f, 1e300);
        assertThat(bind("big", "{\"args\":[1e30,1.50]}")).containsExactly(BigInteger.TEN.pow(30),
                new BigDecimal("1.50"));
        assertThat(bind("letter", "{\"args\":[\"\\u00e9\"]}")).containsExactly('é');
        assertThat(bind("flag", "{\"args\":[false]}")).containsExactly(false);
        // a number in a string, as JavaScript sends integers beyond 2^53 and many senders exact decimals
        assertThat(bind("integers", "{\"args\":[\"12\",\"9007199254740993\",\"-1\",\"2e1\"]}"))
                .containsExactly(12, 9007199254740993L, (short) -1, (byte) 20);
        assertThat(bind("big", "{\"args\":[\"123456789012345678901234567890\",\"1.005\"]}"))
                .containsExactly(new BigInteger("123456789012345678901234567890"), new BigDecimal("1.005"));
        assertThat(bind("boxed", "{\"args\":[null,null,null,null]}")).containsExactly(null, null, null, null);
    }

    @Test
    @DisplayName("issue 10 item 5: int and long values nested in records and collections are exact too")
    void nestedIntegersAreNeverCoerced() {
        for (String z : List.of("4294967297", "1.9", "1e10", "1e999999", "-2147483649")) {
            assertThatThrownBy(() -> bind("record", "{\"args\":[{\"z\":" + z + "}]}")).as(z)
                    .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("argument 'point'");
            assertThatThrownBy(() -> bind("nested", "{\"args\":[[" + z + "],{}]}")).as(z)
                    .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("argument 'ints'");
            assertThatThrownBy(() -> codec.decodeValue(utf8("{\"z\":" + z + "}"), Point.class)).as(z)
                    .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("the result");
        }
        for (String l : List.of("1e20", "9223372036854775808", "0.5")) {
            assertThatThrownBy(() -> bind("nested", "{\"args\":[[],{\"k\":" + l + "}]}")).as(l)
                    .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("argument 'longs'");
        }
        assertThat(bind("record", "{\"args\":[{\"z\":2e1}]}")).containsExactly(new Point(20));
        assertThat(bind("nested", "{\"args\":[[1,2.0,null],{\"k\":-9223372036854775808}]}"))
                .containsExactly(Arrays.asList(1, 2, null), Map.of("k", Long.MIN_VALUE));
    }

    @Test
    @DisplayName("issue 10 item 5: booleans and floating-point values nested in records and collections are exact")
    void nestedBooleansAndFloatsAreNeverCoerced() {
        Map<String, String> refused = Map.of(
                "{\"args\":[{\"on\":1},[],null,[]]}", "at .on: expected true or false",
                "{\"args\":[{\"on\":\"yes\"},[],null,[]]}", "at .on: expected true or false",
                "{\"args\":[{\"d\":1e999},[],null,[]]}", "at .d: ",
                "{\"args\":[{\"f\":1e300},[],null,[]]}", "at .f: ",
                "{\"args\":[{\"s\":1.5},[],null,[]]}", "at .s: 1.5 is not an integer",
                "{\"args\":[{\"points\":[{\"z\":1},{\"z\":1.9}]},[],null,[]]}", "at .points[1].z",
                "{\"args\":[{},[true,0],null,[]]}", "at [1]: expected true or false",
                "{\"args\":[{},[],1e999,[]]}", "argument 'maybe'",
                "{\"args\":[{},[],null,[1,-1e999]]}", "out of range for double");
        refused.forEach((payload, message) -> assertThatThrownBy(() -> bind("flags", payload)).as(payload)
                .isInstanceOf(GearmanPayloadException.class).hasMessageContaining(message));
        Object[] ok = bind("flags", "{\"args\":[{\"on\":true,\"d\":1e300,\"f\":1.5,\"s\":2,\"points\":[{\"z\":2e0}]},"
                + "[false],2.5,[1,2e2]]}");
        assertThat(ok[0]).isEqualTo(new Flags(true, 1e300, 1.5f, Optional.of((short) 2), List.of(new Point(2))));
        assertThat(ok[1]).isEqualTo(List.of(false));
        assertThat(ok[2]).isEqualTo(Optional.of(2.5));
        assertThat((double[]) ok[3]).containsExactly(1, 200);
        assertThatThrownBy(() -> codec.decodeValue(utf8("{\"on\":1}"), Flags.class))
                .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("at .on");
    }

    @Test
    @DisplayName("issue 10 item 5: results are read as strictly as arguments")
    void resultsAreNeverCoercedEither() {
        for (Map.Entry<String, ? extends Class<?>> bad : List.of(Map.<String, Class<?>>entry("4294967297", int.class),
                Map.entry("1.9", Integer.class), Map.entry("1e20", long.class), Map.entry("12abc", int.class),
                Map.entry("truex", boolean.class), Map.entry("nullx", String.class), Map.entry("1", boolean.class),
                Map.entry("1e300", float.class), Map.entry("1e999", double.class), Map.entry("\"ab\"", char.class))) {
            assertThatThrownBy(() -> codec.decodeValue(utf8(bad.getKey()), bad.getValue())).as(bad.getKey())
                    .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("the result");
        }
        assertThat(codec.decodeValue(utf8("2e3"), int.class)).isEqualTo(2000);
        assertThat(codec.decodeValue(utf8(" true "), boolean.class)).isEqualTo(true);
    }

    // issue 10 item 11

    @Test
    @DisplayName("issue 10 item 11: JSON nested 1,000 deep fails naming the parameter, not with StackOverflowError")
    void deepNestingFailsNamingTheParameter() {
        String deepArray = "[".repeat(1000) + "]".repeat(1000);
        String deepObject = "{\"a\":".repeat(1000) + "1" + "}".repeat(1000);
        for (String method : List.of("any", "map")) {
            for (String deep : List.of(deepArray, deepObject)) {
                assertThatThrownBy(() -> bind(method, "{\"args\":[" + deep + "]}")).as(method)
                        .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("nested deeper than 64");
                assertThatThrownBy(() -> bind(method, "{\"kwargs\":{\"value\":" + deep + "}}")).as(method)
                        .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("nested deeper than 64");
            }
        }
        assertThatThrownBy(() -> codec.decodeValue(utf8(deepArray), Object.class))
                .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("nested deeper than 64");
        String ok = "[".repeat(64) + "]".repeat(64);
        assertThat(bind("any", "{\"args\":[" + ok + "]}")).hasSize(1);
    }

    @Test
    @DisplayName("issue 10 item 11: a depth limit raised beyond the thread's stack still fails only the job")
    void stackOverflowDuringConversionFailsOnlyTheJob() throws Exception {
        Object[] outcome = new Object[1];
        JsonLimits ceiling = JsonLimits.builder().maxDepth(JsonLimits.MAX_DEPTH_CEILING).build();
        try (PayloadCodec deep = new PayloadCodec(ceiling)) {
            String nested = "[{\"a\":".repeat(255) + "1" + "}]".repeat(255);
            Thread small = new Thread(null, () -> {
                try {
                    outcome[0] = bind(deep, "any", utf8("{\"args\":[" + nested + "]}"));
                } catch (Throwable t) {
                    outcome[0] = t;
                }
            }, "small-stack", 144 * 1024);
            small.start();
            small.join(TimeUnit.SECONDS.toMillis(60));
        }
        assertThat(outcome[0]).isInstanceOf(GearmanPayloadException.class);
        assertThat(((Throwable) outcome[0])).hasMessageContaining("argument 'value'")
                .hasMessageContaining("gearman.json.max-depth");
    }

    @Test
    @DisplayName("issue 10 item 11: the size and depth limits are configurable")
    void limitsAreConfigurable() {
        try (PayloadCodec tight = new PayloadCodec(JsonLimits.builder().maxDepth(2).maxSize(40).build())) {
            assertThat(bind(tight, "any", utf8("{\"args\":[[[1]]]}"))).hasSize(1);
            assertThatThrownBy(() -> bind(tight, "any", utf8("{\"args\":[[[[1]]]]}")))
                    .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("nested deeper than 2");
            assertThatThrownBy(() -> bind(tight, "text", utf8("{\"args\":[\"" + "x".repeat(40) + "\"]}")))
                    .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("gearman.json.max-size (40");
            assertThatThrownBy(() -> tight.decodeValue(utf8("\"" + "x".repeat(40) + "\""), String.class))
                    .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("gearman.json.max-size");
        }
        assertThatThrownBy(() -> JsonLimits.builder().maxDepth(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonLimits.builder().maxSize(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("issue 10 item 11: gearman.json.max-size and gearman.json.max-depth configure the limits")
    void limitsAreReadFromConfiguration() {
        List<String> problems = new java.util.ArrayList<>();
        Map<String, String> config = Map.of("gearman.json.max-size", "1048576", "gearman.json.max-depth", "10");
        JsonLimits limits = io.gearmancdi.cdi.GearmanSettings.read(k -> Optional.ofNullable(config.get(k)), problems)
                .jsonLimits();
        assertThat(problems).isEmpty();
        assertThat(limits.maxSize()).isEqualTo(1048576);
        assertThat(limits.maxDepth()).isEqualTo(10);
        assertThat(io.gearmancdi.cdi.GearmanSettings.defaults().jsonLimits().maxDepth())
                .isEqualTo(JsonLimits.DEFAULT_MAX_DEPTH);
        Map<String, String> bad = Map.of("gearman.json.max-size", "0", "gearman.json.max-depth", "100000");
        io.gearmancdi.cdi.GearmanSettings.read(k -> Optional.ofNullable(bad.get(k)), problems);
        assertThat(problems).hasSize(2).anyMatch(p -> p.contains("gearman.json.max-size='0'"))
                .anyMatch(p -> p.contains("gearman.json.max-depth='100000'"));
    }

    @Test
    @DisplayName("issue 10 item 11: invalid UTF-8 is refused, not replaced")
    void invalidUtf8IsRefused() {
        byte[] payload = {'{', '"', 'a', 'r', 'g', 's', '"', ':', '[', '"', (byte) 0xC3, '"', ']', '}'};
        assertThatThrownBy(() -> bind(codec, "text", payload)).isInstanceOf(GearmanPayloadException.class)
                .hasMessageContaining("invalid UTF-8");
        assertThatThrownBy(() -> codec.decodeValue(new byte[] {'"', (byte) 0xFF, 'x', '"'}, String.class))
                .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("invalid UTF-8");
        // a real U+FFFD is fine
        assertThat(bind("text", "{\"args\":[\"\uFFFD\"]}")).containsExactly("\uFFFD");
    }

    @Test
    @DisplayName("issue 10 item 11: \\u escapes take ASCII hex digits only")
    void nonAsciiDigitsInUnicodeEscapesAreRefused() {
        for (String digits : List.of("\uFF10\uFF10\uFF14\uFF11", "\u0660\u0660\u0664\u0661", "004\uFF11")) {
            assertThatThrownBy(() -> bind("text", "{\"args\":[\"\\u" + digits + "\"]}")).as(digits)
                    .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("bad \\u escape");
            assertThatThrownBy(() -> codec.decodeValue(utf8("\"\\u" + digits + "\""), String.class)).as(digits)
                    .isInstanceOf(GearmanPayloadException.class);
        }
        assertThat(bind("text", "{\"args\":[\"\\u0041\\u00e9\"]}")).containsExactly("Aé");
    }

    @Test
    @DisplayName("issue 10 item 11: NaN and infinities fail naming the argument (before submitting) or the result")
    void nanAndInfinityFailNamingTheValue() {
        assertThatThrownBy(() -> codec.encodeRequest(List.of("a", Double.NaN), Map.of()))
                .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("argument 2 is NaN");
        assertThatThrownBy(() -> codec.encodeRequest(List.of(), Map.of("x", Float.NEGATIVE_INFINITY)))
                .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("argument 'x' is -Infinity");
        assertThatThrownBy(() -> codec.encodeResult(Double.POSITIVE_INFINITY))
                .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("the result is Infinity");
        assertThatThrownBy(() -> codec.encodeResult(List.of(1.0, Double.NaN)))
                .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("the result")
                .hasMessageContaining("cannot be written as JSON");
    }

    @Test
    @DisplayName("issue 10 item 11: duplicate member names are refused at any depth")
    void duplicateMemberNamesAreRefusedAtAnyDepth() {
        for (String dup : List.of("{\"a\":1,\"a\":2}", "{\"a\":1,\"\\u0061\":2}",
                "[{\"x\":{\"a\":1,\"b\":2,\"a\":3}}]")) {
            assertThatThrownBy(() -> bind("any", "{\"args\":[" + dup + "]}")).as(dup)
                    .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("appears twice");
            assertThatThrownBy(() -> codec.decodeValue(utf8(dup), Object.class)).as(dup)
                    .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("appears twice");
        }
        // the same name in sibling objects is no duplicate
        assertThat(bind("any", "{\"args\":[[{\"a\":1},{\"a\":2,\"b\":{\"a\":3}}]]}")).hasSize(1);
    }

    @Test
    @DisplayName("documented: unknown properties are ignored, missing record components take Java defaults")
    void unknownPropertiesAreIgnoredAndMissingComponentsDefault() {
        assertThat(bind("record", "{\"args\":[{\"z\":3,\"extra\":[1]}]}")).containsExactly(new Point(3));
        assertThat(bind("record", "{\"args\":[{}]}")).containsExactly(new Point(0));
    }

    // issue 11 item 5

    @Test
    @DisplayName("issue 11 item 5: an Optional parameter given null receives Optional.empty(), and so does a result")
    void optionalNullIsEmptyBothWays() {
        assertThat(bind("optional", "{\"args\":[null]}")).containsExactly(Optional.empty());
        assertThat(bind("optional", "{\"kwargs\":{\"s\":null}}")).containsExactly(Optional.empty());
        assertThat(bind("optional", "{\"args\":[\"x\"]}")).containsExactly(Optional.of("x"));
        Type result = type("optionalResult");
        assertThat(codec.decodeValue(codec.encodeResult(Optional.empty()), result)).isEqualTo(Optional.empty());
        assertThat(codec.decodeValue(codec.encodeResult(Optional.of("y")), result)).isEqualTo(Optional.of("y"));
    }
}
