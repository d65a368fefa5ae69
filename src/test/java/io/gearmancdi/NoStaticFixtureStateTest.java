package io.gearmancdi;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, "test fixtures without static mutable state": no test class or fixture bean keeps a server, a container
 * or what its jobs recorded in a static field. Servers and containers come from {@code GearmandExtension} and
 * {@code @WithCdiApp}, records live in application-scoped beans (docs/testing.md); the few places where static state
 * is required are listed here with their reason.
 */
class NoStaticFixtureStateTest {
    private static final Path TESTS = Path.of("src/test/java");
    /** A static field that can change: not final, or final but holding a mutable holder or collection. */
    private static final Pattern MUTABLE_STATIC = Pattern.compile(
            "\\bstatic\\s+(?!final\\b)(?:volatile\\s+|transient\\s+)*[\\w.<>,?\\[\\] ]+?\\s+(\\w+)\\s*[;=]"
                    + "|\\bstatic\\s+final\\s+[\\w.<>,?\\[\\] ]+?\\s+(\\w+)\\s*=\\s*new\\s+(?:java\\.util\\.[\\w.]*)?"
                    + "(?:Atomic\\w*|CopyOnWrite\\w+|Concurrent\\w+|\\w*BlockingQueue|\\w*BlockingDeque|ArrayList"
                    + "|LinkedList|HashMap|LinkedHashMap|TreeMap|HashSet|LinkedHashSet|TreeSet|ArrayDeque"
                    + "|CountDownLatch|Semaphore)\\b");
    /** Comments and strings, dropped before matching. */
    private static final Pattern COMMENTS_AND_STRINGS = Pattern.compile(
            "\"\"\"[\\s\\S]*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\])*'|/\\*[\\s\\S]*?\\*/|//[^\\n]*");
    /** Where static state is required, as {@code <file>#<field>}, each with its reason. */
    private static final Set<String> REQUIRED = Set.of(
            // JNDI creates the InitialContextFactory stand-in from its class name: it cannot reach the test instance
            "io/gearmancdi/cdi/ManagedExecutorSupportTest.java#SUBMITTED",
            "io/gearmancdi/cdi/ManagedExecutorSupportTest.java#boundAt",
            // a cache of what is installed on the machine, not state of a test
            "io/gearmancdi/testing/Foreign.java#perlInstalled",
            "io/gearmancdi/testing/Foreign.java#npmModules");

    @Test
    @DisplayName("issue 13: no static mutable state in tests and fixtures, but where it is required")
    void noStaticMutableState() {
        assertThat(mutableStatics()).as("static fields that can change, as <file>#<field>: hold servers and apps with"
                + " GearmandExtension / @WithCdiApp and records in application-scoped beans (docs/testing.md)")
                .containsExactlyInAnyOrderElementsOf(REQUIRED);
    }

    private static List<String> mutableStatics() {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(TESTS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String code = COMMENTS_AND_STRINGS.matcher(Files.readString(file)).replaceAll(" ");
                Matcher m = MUTABLE_STATIC.matcher(code);
                while (m.find()) {
                    String field = m.group(1) != null ? m.group(1) : m.group(2);
                    found.add(TESTS.relativize(file).toString().replace('\\', '/') + "#" + field);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }
}
