package io.gearmancdi.json;

import io.gearmancdi.GearmanPayloadException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.adapter.JsonbAdapter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 13, configurable JSON-B: a codec over an application's {@code Jsonb} leaves records to it (their JSON form is
 * its adapters' and naming strategy's), and keeps the exact reading of scalars where no mapping of its own applies.
 * One {@code Jsonb} and codec serve the class: an instance per class holds them, not static fields.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApplicationJsonbCodecTest {
    /** A sensor reading, which a device API sends with its unit: {@code {"celsius": "21.5 °C"}}. */
    public record Reading(double celsius) {
    }

    public static class ReadingAdapter implements JsonbAdapter<Reading, JsonObject> {
        @Override
        public JsonObject adaptToJson(Reading reading) {
            return Json.createObjectBuilder().add("celsius", reading.celsius() + " °C").build();
        }

        @Override
        public Reading adaptFromJson(JsonObject json) {
            return new Reading(Double.parseDouble(json.getString("celsius").replace(" °C", "")));
        }
    }

    private Jsonb jsonb;
    private PayloadCodec codec;

    @BeforeAll
    void open() {
        jsonb = JsonbBuilder.create(new JsonbConfig().withAdapters(new ReadingAdapter()));
        codec = new PayloadCodec(jsonb, JsonLimits.defaults());
    }

    @AfterAll
    void close() throws Exception {
        codec.close();
        jsonb.close();
    }

    @Test
    @DisplayName("issue 13: a record in the application's own JSON form is read by its adapter, not refused")
    void recordsAreTheApplicationsJsonbs() {
        byte[] json = "{\"celsius\":\"21.5 °C\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(codec.decodeValue(json, Reading.class)).isEqualTo(new Reading(21.5));
        assertThat(new String(codec.encodeValue(new Reading(21.5)), StandardCharsets.UTF_8))
                .isEqualTo("{\"celsius\":\"21.5 °C\"}");
        try (PayloadCodec own = new PayloadCodec()) {
            assertThatThrownBy(() -> own.decodeValue(json, Reading.class)).isInstanceOf(GearmanPayloadException.class);
        }
    }

    @Test
    @DisplayName("issue 13: scalars at the top and in collections stay exact under an application's Jsonb")
    void scalarsStayExact() throws Exception {
        Type ints = ApplicationJsonbCodecTest.class.getDeclaredField("ints").getGenericType();
        assertThatThrownBy(() -> codec.decodeValue("[1,4294967297]".getBytes(StandardCharsets.UTF_8), ints))
                .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("[1]");
        assertThatThrownBy(() -> codec.decodeValue("1.5".getBytes(StandardCharsets.UTF_8), int.class))
                .isInstanceOf(GearmanPayloadException.class);
        assertThat(codec.decodeValue("[1,2]".getBytes(StandardCharsets.UTF_8), ints)).isEqualTo(List.of(1, 2));
    }

    @Test
    @DisplayName("issue 13: closing the codec leaves the application's Jsonb open, or does what its owner asked")
    void theJsonbStaysTheApplications() {
        AtomicInteger released = new AtomicInteger();
        new PayloadCodec(jsonb, JsonLimits.defaults(), released::incrementAndGet).close();
        assertThat(released).hasValue(1);
        new PayloadCodec(jsonb).close();
        assertThat(new String(codec.encodeValue(List.of(new Reading(1))), StandardCharsets.UTF_8))
                .isEqualTo("[{\"celsius\":\"1.0 °C\"}]");
    }

    /** Only its generic type is used. */
    @SuppressWarnings("unused")
    private List<Integer> ints;
}
