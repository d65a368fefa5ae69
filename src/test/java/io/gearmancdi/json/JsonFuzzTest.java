package io.gearmancdi.json;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gearmancdi.GearmanPayloadException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fuzz target of the JSON layer (issue 10, chaos suite): arbitrary bytes go through request decoding and argument
 * binding, or through result decoding, into a spread of parameter types. The only allowed outcomes are a value or a
 * {@link GearmanPayloadException}: any other exception or error, or an input that takes longer than
 * {@value #HANG_SECONDS} s (a hang), is a finding.
 *
 * <p>Input: byte 0 chooses the target ({@code even}: a request payload bound to job method
 * {@code (b/2) % methods}; {@code odd}: a result read as type {@code (b/2) % types}); the rest is the payload, at most
 * {@value #MAX_INPUT} bytes. Seeds: {@code src/test/resources/io/gearmancdi/json/JsonFuzzTestInputs/<method>/}.
 *
 * <p>Runs only with {@code JAZZER_FUZZ} set, in a JVM of its own: Jazzer's agent rewrites every class loaded after it
 * starts and drops their parameter names, which would break the CDI tests that share the build's JVM. Every build
 * replays the seeds through {@link JsonFuzzSeedsTest} instead, without the agent. Fuzzing:
 * <pre>
 * JAZZER_FUZZ=1 mvn -o test -Dtest='JsonFuzzTest#ciRun'    # CI: fuzzes 20 s
 * JAZZER_FUZZ=1 mvn -o test -Dtest='JsonFuzzTest#longRun'  # chaos: fuzzes 30 min (stop earlier with timeout -s INT)
 * </pre>
 * Jazzer fuzzes one method per JVM; findings land in the inputs directory above (add them as seeds once fixed), the
 * generated corpus in {@code .cifuzz-corpus/} (git-ignored).
 */
@EnabledIfEnvironmentVariable(named = "JAZZER_FUZZ", matches = ".+",
        disabledReason = "fuzzing only (JAZZER_FUZZ=1); JsonFuzzSeedsTest replays the seeds in every build")
class JsonFuzzTest {
    static final int MAX_INPUT = 16 * 1024;
    static final int HANG_SECONDS = 20;

    private static final PayloadCodec CODEC = new PayloadCodec();
    private static final ExecutorService RUNNER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "json-fuzz");
        t.setDaemon(true);
        return t;
    });

    public record Line(String sku, int quantity, Optional<BigDecimal> price) {
    }

    public static class Bean {
        public String name;
        public List<Integer> counts;
        public Map<String, Double> weights;
    }

    @SuppressWarnings("unused")
    public static class Jobs {
        public void record(Line line) {
        }

        public void bean(Bean bean) {
        }

        public void any(Object value, Map<String, Object> map) {
        }

        public void scalars(int i, long l, short s, byte b, char c, boolean f, float x, double d) {
        }

        public void bigs(BigInteger i, BigDecimal d, Integer boxed) {
        }

        public void texts(String s, Optional<String> o, List<String> list, String[] array) {
        }

        public void lines(List<Line> lines, Map<String, List<Line>> byKey) {
        }

        public void none() {
        }
    }

    /** Names given, since Jazzer's instrumentation drops them from the class file; sorted by method name. */
    private static final Map<String, String[]> NAMES = Map.of("any", new String[] {"value", "map"},
            "bean", new String[] {"bean"}, "bigs", new String[] {"i", "d", "boxed"},
            "lines", new String[] {"lines", "byKey"}, "none", new String[0], "record", new String[] {"line"},
            "scalars", new String[] {"i", "l", "s", "b", "c", "f", "x", "d"},
            "texts", new String[] {"s", "o", "list", "array"});

    private static final List<ArgumentBinder> BINDERS = Arrays.stream(Jobs.class.getDeclaredMethods())
            .sorted((a, b) -> a.getName().compareTo(b.getName()))
            .map(m -> ArgumentBinder.of(m.getName(), m, NAMES.get(m.getName()))).toList();

    private static final List<Type> RESULT_TYPES = resultTypes();

    private static List<Type> resultTypes() {
        List<Type> types = new java.util.ArrayList<>(List.of(String.class, int.class, long.class, double.class,
                float.class, boolean.class, char.class, Integer.class, BigInteger.class, BigDecimal.class,
                Object.class, Line.class, Bean.class, String[].class));
        for (Method m : Jobs.class.getDeclaredMethods()) {
            if (m.getName().equals("lines") || m.getName().equals("texts")) {
                types.addAll(Arrays.asList(m.getGenericParameterTypes()));
            }
        }
        return List.copyOf(types);
    }

    @AfterAll
    static void close() {
        RUNNER.shutdownNow();
        CODEC.close();
    }

    /** The short run of CI. */
    @FuzzTest(maxDuration = "20s")
    void ciRun(byte[] input) throws Exception {
        check(input);
    }

    /** The long run of the chaos suite. */
    @FuzzTest(maxDuration = "30m")
    void longRun(byte[] input) throws Exception {
        check(input);
    }

    static void check(byte[] input) throws Exception {
        if (input.length == 0 || input.length > MAX_INPUT) {
            return;
        }
        int selector = input[0] & 0xFF;
        byte[] payload = Arrays.copyOfRange(input, 1, input.length);
        Future<?> run = RUNNER.submit(() -> {
            try {
                if (selector % 2 == 0) {
                    ArgumentBinder binder = BINDERS.get(selector / 2 % BINDERS.size());
                    binder.bind(CODEC.decodeRequest(payload), null, CODEC);
                } else {
                    CODEC.decodeValue(payload, RESULT_TYPES.get(selector / 2 % RESULT_TYPES.size()));
                }
            } catch (GearmanPayloadException expected) {
                // the one allowed failure: the job fails, the worker goes on
            }
            return null;
        });
        try {
            run.get(HANG_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("decoding hangs (over " + HANG_SECONDS + " s) on " + describe(input));
        } catch (ExecutionException e) {
            throw new AssertionError("decoding threw " + e.getCause() + " instead of GearmanPayloadException on "
                    + describe(input), e.getCause());
        }
    }

    private static String describe(byte[] input) {
        return input.length + " bytes, selector " + (input[0] & 0xFF) + ": "
                + JsonSlicer.abbreviate(new String(input, 1, input.length - 1, StandardCharsets.UTF_8));
    }
}
