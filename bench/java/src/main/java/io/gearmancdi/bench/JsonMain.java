package io.gearmancdi.bench;

import io.gearmancdi.json.ArgumentBinder;
import io.gearmancdi.json.Envelope;
import io.gearmancdi.json.JsonLimits;
import io.gearmancdi.json.PayloadCodec;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * JSON-layer micro-benchmark (issue 10 item 2): large request payloads through the worker's decoding, on their own,
 * without a server. For each scenario it prints one line
 * {@code JSON scenario=… bytes=… decode_mb_s=… bind_mb_s=… rounds=…}: {@code decode} = the full check and
 * slicing of the envelope ({@link PayloadCodec#decodeRequest}), {@code bind} = decode plus conversion to the
 * parameter type (what a worker does per job). MB = 10^6 bytes of payload. Median of the timed rounds after warmup rounds.
 *
 * <pre>
 * java -cp "$(cat bench/java/target/classpath.txt)" io.gearmancdi.bench.JsonMain [--rounds N] [--escaped-mb M]
 * </pre>
 */
public final class JsonMain {
    private JsonMain() {
    }

    /** Job methods the payloads are bound to. */
    public static final class Jobs {
        public void strings(List<String> values) {
        }

        public void text(String value) {
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = 5;
        int escapedMb = 16;
        for (int k = 0; k < args.length; k++) {
            switch (args[k]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++k]);
                case "--escaped-mb" -> escapedMb = Integer.parseInt(args[++k]);
                default -> {
                    System.err.println("usage: JsonMain [--rounds N] [--escaped-mb M]");
                    System.exit(2);
                }
            }
        }
        try (PayloadCodec codec = new PayloadCodec(JsonLimits.builder().maxSize(Integer.MAX_VALUE - 16).build())) {
            // 1.6 MB of short strings: the envelope slicer used to rescan to the end of the payload for each one
            StringBuilder shortStrings = new StringBuilder("{\"args\":[[");
            for (int k = 0; shortStrings.length() < 1_600_000; k++) {
                shortStrings.append(k == 0 ? "" : ",").append("\"s").append(k % 100).append('"');
            }
            run(codec, "short-strings", shortStrings.append("]]}").toString(), "strings", rounds);
            // one string of escapes: the old slicer searched for the closing quote from each escape
            String escaped = "{\"args\":[\"" + "\\n\\t".repeat(escapedMb * 250_000) + "\"]}";
            run(codec, "escaped-string", escaped, "text", rounds);
        }
    }

    private static void run(PayloadCodec codec, String scenario, String json, String method, int rounds)
            throws Exception {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        Method m = Jobs.class.getMethod(method, method.equals("text") ? String.class : List.class);
        ArgumentBinder binder = ArgumentBinder.of(method, m);
        int warmup = 3;
        double[] decode = new double[rounds];
        double[] bind = new double[rounds];
        for (int r = -warmup; r < rounds; r++) {
            long t0 = System.nanoTime();
            Envelope envelope = codec.decodeRequest(payload);
            long t1 = System.nanoTime();
            binder.bind(envelope, null, codec);
            long t2 = System.nanoTime();
            if (r >= 0) {
                decode[r] = payload.length / 1e6 / ((t1 - t0) / 1e9);
                bind[r] = payload.length / 1e6 / ((t2 - t0) / 1e9);
            }
        }
        System.out.printf(Locale.ROOT, "JSON scenario=%s bytes=%d decode_mb_s=%.1f bind_mb_s=%.1f rounds=%d%n",
                scenario, payload.length, median(decode), median(bind), rounds);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
