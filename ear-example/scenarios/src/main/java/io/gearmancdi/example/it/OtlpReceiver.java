package io.gearmancdi.example.it;

import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * A minimal OpenTelemetry collector for the tests: takes OTLP/HTTP protobuf exports ({@code POST /v1/metrics}, and
 * accepts and drops traces and logs) on a loopback port and keeps the latest value of every metric point: sums and
 * gauges by value, histograms by count. Enough of the protobuf wire format is decoded here to read
 * {@code ExportMetricsServiceRequest} (opentelemetry-proto's metrics.proto: the field numbers below), so the tests
 * need no protobuf library.
 */
public final class OtlpReceiver implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "otlp-receiver");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Double> latest = new ConcurrentHashMap<>();
    private final Set<String> names = ConcurrentHashMap.newKeySet();
    private volatile String failure;

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    /** @return a receiver listening on a free loopback port */
    public static OtlpReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            OtlpReceiver receiver = new OtlpReceiver(server);
            server.createContext("/", exchange -> {
                byte[] body = new byte[0];
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                    if (body.length > 1 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b) {
                        try (InputStream gunzip = new GZIPInputStream(new ByteArrayInputStream(body))) {
                            body = gunzip.readAllBytes();
                        }
                    }
                    if (exchange.getRequestURI().getPath().endsWith("/v1/metrics")) {
                        receiver.metricsRequest(ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN));
                    }
                    // an empty Export*ServiceResponse: full success
                    exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                    exchange.sendResponseHeaders(200, -1);
                } catch (RuntimeException e) {
                    receiver.failure = e + " reading " + body.length + " bytes of " + exchange.getRequestURI() + " ("
                            + exchange.getRequestHeaders().entrySet() + "): " + hex(body);
                    exchange.sendResponseHeaders(400, -1);
                } finally {
                    exchange.close();
                }
            });
            server.setExecutor(receiver.executor);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the endpoint to configure as {@code otel.exporter.otlp.endpoint} */
    public String endpoint() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** @return why the last request that could not be read was refused, or {@code null} */
    public String failure() {
        return failure;
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, 256); i++) {
            out.append(String.format("%02x", bytes[i] & 0xff));
        }
        return out.toString();
    }

    /** @return the names of all metrics received so far */
    public Set<String> names() {
        return Set.copyOf(names);
    }

    /**
     * @param name       the metric name
     * @param attributes the point's attributes, all of them
     * @return its latest value (a histogram's count), empty if no such point was received
     */
    public OptionalDouble latest(String name, Map<String, String> attributes) {
        Double v = latest.get(key(name, new TreeMap<>(attributes)));
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    private static String key(String name, Map<String, String> attributes) {
        return name + attributes;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- protobuf: ExportMetricsServiceRequest { repeated ResourceMetrics resource_metrics = 1; } ----

    private void metricsRequest(ByteBuffer in) {
        while (in.hasRemaining()) {
            long tag = varint(in);
            if (tag >>> 3 == 1 && (tag & 7) == 2) {
                resourceMetrics(sub(in));
            } else {
                skip(in, tag);
            }
        }
    }

    /** ResourceMetrics { Resource resource = 1; repeated ScopeMetrics scope_metrics = 2; } */
    private void resourceMetrics(ByteBuffer in) {
        while (in.hasRemaining()) {
            long tag = varint(in);
            if (tag >>> 3 == 2 && (tag & 7) == 2) {
                scopeMetrics(sub(in));
            } else {
                skip(in, tag);
            }
        }
    }

    /** ScopeMetrics { InstrumentationScope scope = 1; repeated Metric metrics = 2; } */
    private void scopeMetrics(ByteBuffer in) {
        while (in.hasRemaining()) {
            long tag = varint(in);
            if (tag >>> 3 == 2 && (tag & 7) == 2) {
                metric(sub(in));
            } else {
                skip(in, tag);
            }
        }
    }

    /** Metric { string name = 1; Gauge gauge = 5; Sum sum = 7; Histogram histogram = 9; } */
    private void metric(ByteBuffer in) {
        String name = null;
        ByteBuffer data = null;
        boolean histogram = false;
        while (in.hasRemaining()) {
            long tag = varint(in);
            int field = (int) (tag >>> 3);
            if (field == 1 && (tag & 7) == 2) {
                name = string(sub(in));
            } else if ((field == 5 || field == 7 || field == 9) && (tag & 7) == 2) {
                data = sub(in);
                histogram = field == 9;
            } else {
                skip(in, tag);
            }
        }
        if (name == null || data == null) {
            return;
        }
        names.add(name);
        // Gauge, Sum and Histogram all keep their points in field 1
        while (data.hasRemaining()) {
            long tag = varint(data);
            if (tag >>> 3 == 1 && (tag & 7) == 2) {
                point(name, sub(data), histogram);
            } else {
                skip(data, tag);
            }
        }
    }

    /**
     * NumberDataPoint { KeyValue attributes = 7; double as_double = 4; sfixed64 as_int = 6; } or
     * HistogramDataPoint { KeyValue attributes = 9; fixed64 count = 4; }
     */
    private void point(String name, ByteBuffer in, boolean histogram) {
        Map<String, String> attributes = new TreeMap<>();
        Double value = null;
        int attributesField = histogram ? 9 : 7;
        while (in.hasRemaining()) {
            long tag = varint(in);
            int field = (int) (tag >>> 3);
            if (field == attributesField && (tag & 7) == 2) {
                keyValue(sub(in), attributes);
            } else if (!histogram && field == 4 && (tag & 7) == 1) {
                value = in.getDouble();
            } else if ((histogram ? field == 4 : field == 6) && (tag & 7) == 1) {
                value = (double) in.getLong();
            } else {
                skip(in, tag);
            }
        }
        latest.put(key(name, attributes), value == null ? 0.0 : value);
    }

    /** KeyValue { string key = 1; AnyValue value = 2; } with AnyValue { string string_value = 1; ... } */
    private static void keyValue(ByteBuffer in, Map<String, String> into) {
        String key = null;
        String value = null;
        while (in.hasRemaining()) {
            long tag = varint(in);
            int field = (int) (tag >>> 3);
            if (field == 1 && (tag & 7) == 2) {
                key = string(sub(in));
            } else if (field == 2 && (tag & 7) == 2) {
                ByteBuffer any = sub(in);
                while (any.hasRemaining()) {
                    long t = varint(any);
                    if (t >>> 3 == 1 && (t & 7) == 2) {
                        value = string(sub(any));
                    } else {
                        skip(any, t);
                    }
                }
            } else {
                skip(in, tag);
            }
        }
        if (key != null) {
            into.put(key, value);
        }
    }

    private static long varint(ByteBuffer in) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            result |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("varint longer than 10 bytes");
    }

    private static ByteBuffer sub(ByteBuffer in) {
        int length = (int) varint(in);
        ByteBuffer slice = in.slice().order(ByteOrder.LITTLE_ENDIAN);
        slice.limit(length);
        in.position(in.position() + length);
        return slice;
    }

    private static String string(ByteBuffer in) {
        byte[] bytes = new byte[in.remaining()];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void skip(ByteBuffer in, long tag) {
        switch ((int) (tag & 7)) {
            case 0 -> varint(in);
            case 1 -> in.position(in.position() + 8);
            case 2 -> sub(in);
            case 5 -> in.position(in.position() + 4);
            default -> throw new IllegalArgumentException("wire type " + (tag & 7));
        }
    }

    @Override
    public String toString() {
        return "OtlpReceiver" + new LinkedHashMap<>(latest) + (failure == null ? "" : " last failure: " + failure);
    }
}
