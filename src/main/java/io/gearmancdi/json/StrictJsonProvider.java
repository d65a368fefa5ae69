package io.gearmancdi.json;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import jakarta.json.stream.JsonLocation;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The platform's JSON-P provider, with parsers whose {@link JsonParser#getInt()} and {@link JsonParser#getLong()}
 * refuse numbers that do not fit instead of narrowing them (JSON-P specifies {@code BigDecimal.intValue()}, so
 * {@code 4294967297} reads as {@code 1} and {@code 1.9} as {@code 1}). JSON-B implementations read {@code int} and
 * {@code long} values nested in records, beans and collections through these two methods, so the codec's own
 * {@code Jsonb} is built on this provider: nested values follow the same {@link StrictScalars} rules as top-level ones.
 */
final class StrictJsonProvider extends JsonProvider {
    private final JsonProvider delegate;

    StrictJsonProvider(JsonProvider delegate) {
        this.delegate = delegate;
    }

    @Override
    public JsonParser createParser(Reader reader) {
        return new StrictParser(delegate.createParser(reader));
    }

    @Override
    public JsonParser createParser(InputStream in) {
        return new StrictParser(delegate.createParser(in));
    }

    @Override
    public JsonParserFactory createParserFactory(Map<String, ?> config) {
        return new StrictParserFactory(delegate.createParserFactory(config));
    }

    @Override
    public JsonGenerator createGenerator(Writer writer) {
        return delegate.createGenerator(writer);
    }

    @Override
    public JsonGenerator createGenerator(OutputStream out) {
        return delegate.createGenerator(out);
    }

    @Override
    public JsonGeneratorFactory createGeneratorFactory(Map<String, ?> config) {
        return delegate.createGeneratorFactory(config);
    }

    @Override
    public JsonReader createReader(Reader reader) {
        return delegate.createReader(reader);
    }

    @Override
    public JsonReader createReader(InputStream in) {
        return delegate.createReader(in);
    }

    @Override
    public JsonWriter createWriter(Writer writer) {
        return delegate.createWriter(writer);
    }

    @Override
    public JsonWriter createWriter(OutputStream out) {
        return delegate.createWriter(out);
    }

    @Override
    public JsonWriterFactory createWriterFactory(Map<String, ?> config) {
        return delegate.createWriterFactory(config);
    }

    @Override
    public JsonReaderFactory createReaderFactory(Map<String, ?> config) {
        return delegate.createReaderFactory(config);
    }

    @Override
    public JsonObjectBuilder createObjectBuilder() {
        return delegate.createObjectBuilder();
    }

    @Override
    public JsonObjectBuilder createObjectBuilder(JsonObject object) {
        return delegate.createObjectBuilder(object);
    }

    @Override
    public JsonObjectBuilder createObjectBuilder(Map<String, ?> map) {
        return delegate.createObjectBuilder(map);
    }

    @Override
    public JsonArrayBuilder createArrayBuilder() {
        return delegate.createArrayBuilder();
    }

    @Override
    public JsonArrayBuilder createArrayBuilder(JsonArray array) {
        return delegate.createArrayBuilder(array);
    }

    @Override
    public JsonArrayBuilder createArrayBuilder(java.util.Collection<?> collection) {
        return delegate.createArrayBuilder(collection);
    }

    @Override
    public JsonBuilderFactory createBuilderFactory(Map<String, ?> config) {
        return delegate.createBuilderFactory(config);
    }

    @Override
    public jakarta.json.JsonPointer createPointer(String pointer) {
        return delegate.createPointer(pointer);
    }

    @Override
    public jakarta.json.JsonPatchBuilder createPatchBuilder() {
        return delegate.createPatchBuilder();
    }

    @Override
    public jakarta.json.JsonPatchBuilder createPatchBuilder(JsonArray array) {
        return delegate.createPatchBuilder(array);
    }

    @Override
    public jakarta.json.JsonPatch createPatch(JsonArray array) {
        return delegate.createPatch(array);
    }

    @Override
    public jakarta.json.JsonPatch createDiff(jakarta.json.JsonStructure source, jakarta.json.JsonStructure target) {
        return delegate.createDiff(source, target);
    }

    @Override
    public jakarta.json.JsonMergePatch createMergePatch(JsonValue patch) {
        return delegate.createMergePatch(patch);
    }

    @Override
    public jakarta.json.JsonMergePatch createMergeDiff(JsonValue source, JsonValue target) {
        return delegate.createMergeDiff(source, target);
    }

    @Override
    public jakarta.json.JsonString createValue(String value) {
        return delegate.createValue(value);
    }

    @Override
    public jakarta.json.JsonNumber createValue(int value) {
        return delegate.createValue(value);
    }

    @Override
    public jakarta.json.JsonNumber createValue(long value) {
        return delegate.createValue(value);
    }

    @Override
    public jakarta.json.JsonNumber createValue(double value) {
        return delegate.createValue(value);
    }

    @Override
    public jakarta.json.JsonNumber createValue(BigDecimal value) {
        return delegate.createValue(value);
    }

    @Override
    public jakarta.json.JsonNumber createValue(java.math.BigInteger value) {
        return delegate.createValue(value);
    }

    @Override
    public jakarta.json.JsonNumber createValue(Number value) {
        return delegate.createValue(value);
    }

    private static final class StrictParserFactory implements JsonParserFactory {
        private final JsonParserFactory delegate;

        StrictParserFactory(JsonParserFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public JsonParser createParser(Reader reader) {
            return new StrictParser(delegate.createParser(reader));
        }

        @Override
        public JsonParser createParser(InputStream in) {
            return new StrictParser(delegate.createParser(in));
        }

        @Override
        public JsonParser createParser(InputStream in, Charset charset) {
            return new StrictParser(delegate.createParser(in, charset));
        }

        @Override
        public JsonParser createParser(JsonObject obj) {
            return new StrictParser(delegate.createParser(obj));
        }

        @Override
        public JsonParser createParser(JsonArray array) {
            return new StrictParser(delegate.createParser(array));
        }

        @Override
        public Map<String, ?> getConfigInUse() {
            return delegate.getConfigInUse();
        }
    }

    /** Delegates everything; only {@link #getInt()} and {@link #getLong()} are exact. */
    private static final class StrictParser implements JsonParser {
        private final JsonParser delegate;

        StrictParser(JsonParser delegate) {
            this.delegate = delegate;
        }

        @Override
        public int getInt() {
            return (Integer) StrictScalars.read(delegate.getString(), int.class);
        }

        @Override
        public long getLong() {
            return (Long) StrictScalars.read(delegate.getString(), long.class);
        }

        @Override
        public boolean hasNext() {
            return delegate.hasNext();
        }

        @Override
        public Event next() {
            return delegate.next();
        }

        @Override
        public Event currentEvent() {
            return delegate.currentEvent();
        }

        @Override
        public String getString() {
            return delegate.getString();
        }

        @Override
        public boolean isIntegralNumber() {
            return delegate.isIntegralNumber();
        }

        @Override
        public BigDecimal getBigDecimal() {
            return delegate.getBigDecimal();
        }

        @Override
        public JsonLocation getLocation() {
            return delegate.getLocation();
        }

        @Override
        public JsonObject getObject() {
            return delegate.getObject();
        }

        @Override
        public JsonValue getValue() {
            return delegate.getValue();
        }

        @Override
        public JsonArray getArray() {
            return delegate.getArray();
        }

        @Override
        public Stream<JsonValue> getArrayStream() {
            return delegate.getArrayStream();
        }

        @Override
        public Stream<Map.Entry<String, JsonValue>> getObjectStream() {
            return delegate.getObjectStream();
        }

        @Override
        public Stream<JsonValue> getValueStream() {
            return delegate.getValueStream();
        }

        @Override
        public void skipArray() {
            delegate.skipArray();
        }

        @Override
        public void skipObject() {
            delegate.skipObject();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
