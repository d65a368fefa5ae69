package io.gearmancdi.json;

import io.gearmancdi.GearmanPayloadException;
import io.gearmancdi.JobContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArgumentBinderTest {
    private final PayloadCodec codec = new PayloadCodec();

    @AfterEach
    void close() {
        codec.close();
    }

    public record Line(String sku, int quantity, LocalDate shipped) {
    }

    @SuppressWarnings("unused")
    public static class Jobs {
        public String two(String text, int times) {
            return null;
        }

        public String withContext(String text, JobContext context, Integer count) {
            return null;
        }

        public String generic(List<Map<String, BigDecimal>> rows, Map<String, List<Line>> lines) {
            return null;
        }

        public String options(String unique, boolean background, int priority) {
            return null;
        }
    }

    private Object[] bind(String method, String payload) {
        Method m = java.util.Arrays.stream(Jobs.class.getMethods()).filter(x -> x.getName().equals(method))
                .findFirst().orElseThrow();
        return ArgumentBinder.of(method, m).bind(codec.decodeRequest(payload.getBytes(StandardCharsets.UTF_8)),
                null, codec);
    }

    @Test
    void argsBindInOrderAndKwargsByName() {
        assertThat(bind("two", "{\"args\":[\"a\",3]}")).containsExactly("a", 3);
        assertThat(bind("two", "{\"kwargs\":{\"times\":3,\"text\":\"a\"}}")).containsExactly("a", 3);
        assertThat(bind("two", "{\"args\":[\"a\"],\"kwargs\":{\"times\":3}}")).containsExactly("a", 3);
    }

    @Test
    void jobContextParameterIsNotReadFromThePayload() {
        assertThat(bind("withContext", "{\"args\":[\"a\",null]}")).containsExactly("a", null, null);
        assertThat(bind("withContext", "{\"kwargs\":{\"count\":2,\"text\":\"b\"}}")).containsExactly("b", null, 2);
        assertThatThrownBy(() -> bind("withContext", "{\"kwargs\":{\"context\":1,\"text\":\"b\",\"count\":2}}"))
                .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("no parameter named 'context'");
    }

    @Test
    void genericParameterTypesConvertThroughJsonb() {
        Object[] values = bind("generic", "{\"args\":[[{\"a\":0.1},{\"b\":2}]],\"kwargs\":{\"lines\":"
                + "{\"x\":[{\"sku\":\"S\",\"quantity\":2,\"shipped\":\"2026-11-28\"}]}}}");
        assertThat(values[0]).isEqualTo(List.of(Map.of("a", new BigDecimal("0.1")), Map.of("b", new BigDecimal("2"))));
        assertThat(values[1]).isEqualTo(Map.of("x", List.of(new Line("S", 2, LocalDate.of(2026, 11, 28)))));
    }

    @Test
    void parametersNamedLikeSubmitOptionsAreOrdinaryKwargs() {
        assertThat(bind("options", "{\"kwargs\":{\"unique\":\"u\",\"background\":true,\"priority\":1}}"))
                .containsExactly("u", true, 1);
    }

    @Test
    void argumentBoundTwiceFailsNamingIt() {
        assertThatThrownBy(() -> bind("two", "{\"args\":[\"a\",1],\"kwargs\":{\"text\":\"b\"}}"))
                .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("argument 'text' is given twice");
    }

    @Test
    void missingArgumentFailsNamingIt() {
        assertThatThrownBy(() -> bind("two", "{\"args\":[\"a\"]}"))
                .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("missing argument 'times' (int)");
    }

    @Test
    void unknownArgumentFailsNamingIt() {
        assertThatThrownBy(() -> bind("two", "{\"args\":[\"a\",1],\"kwargs\":{\"tims\":2}}"))
                .isInstanceOf(GearmanPayloadException.class)
                .hasMessageContaining("no parameter named 'tims' (parameters: [text, times])");
    }

    @Test
    void wrongArgumentCountFails() {
        assertThatThrownBy(() -> bind("two", "{\"args\":[\"a\",1,2]}"))
                .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("takes 2 arguments");
    }

    @Test
    void nullForAPrimitiveAndUnconvertibleValuesFailNamingTheParameter() {
        assertThatThrownBy(() -> bind("two", "{\"args\":[\"a\",null]}"))
                .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("'times' of type int cannot be null");
        assertThatThrownBy(() -> bind("two", "{\"args\":[\"a\",{\"x\":1}]}"))
                .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("argument 'times' cannot be read as int");
        assertThatThrownBy(() -> bind("generic", "{\"args\":[[{\"a\":\"not a number\"}],{}]}"))
                .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("argument 'rows' cannot be read as");
    }
}
