package io.gearmancdi.testing;

import io.gearmancdi.ServerAddress;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a real {@link Gearmand}: parameters of type {@link Gearmand} or {@link ServerAddress} (its address) of
 * the test class's constructor, its {@code @BeforeAll}/{@code @BeforeEach}/{@code @AfterEach} methods and its tests
 * are resolved to it.
 *
 * <pre>{@code
 * @ExtendWith(GearmandExtension.class)          // one gearmand for the whole class
 * class SomeTest {
 *     private final Gearmand gearmand;
 *     SomeTest(Gearmand gearmand) { this.gearmand = gearmand; }
 * }
 *
 * class OtherTest {                             // one gearmand per test (e.g. tests that kill it)
 *     @RegisterExtension
 *     final GearmandExtension gearmand = GearmandExtension.perTest();
 *     @Test void survivesAKill(Gearmand gearmand) { ... }
 * }
 * }</pre>
 *
 * <p>Why an extension rather than a {@code static Gearmand} set in {@code @BeforeAll}:
 * <ul>
 *   <li>no static state: the process lives in JUnit's {@link ExtensionContext.Store} of the test class (or of the
 *       test), so two classes never share or overwrite each other's server, whatever runs in parallel or in which
 *       order;</li>
 *   <li>closed on failure: JUnit closes every {@link AutoCloseable} it holds in a store when that class or test ends,
 *       passed or failed, also when a {@code @BeforeAll} or the constructor threw half-way, so no gearmand outlives
 *       its test (values are closed in the reverse order they were stored: a {@link CdiApp} started on this
 *       gearmand is closed before it);</li>
 *   <li>resolvable: a test asks for what it needs as a parameter, and other extensions ({@link CdiAppExtension}) reach
 *       the same process through {@link #gearmand(ExtensionContext)}.</li>
 * </ul>
 *
 * <p>The server starts lazily, when first asked for. A missing gearmand skips the class (or test) before anything is
 * resolved, except with {@code CI=true}, where that is a failure, as {@link Gearmand#requireInstalled()} decides.
 */
public final class GearmandExtension implements ParameterResolver, BeforeAllCallback, BeforeEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(GearmandExtension.class);

    private final boolean perTest;

    /** One gearmand per test class: the form {@code @ExtendWith(GearmandExtension.class)} uses. */
    public GearmandExtension() {
        this(false);
    }

    private GearmandExtension(boolean perTest) {
        this.perTest = perTest;
    }

    /**
     * @return an extension that starts a gearmand for each test, stopped after its {@code @AfterEach}; register it
     *         as a {@code @RegisterExtension} instance field (it resolves parameters of tests and of
     *         {@code @BeforeEach}/{@code @AfterEach}, not of constructors or {@code @BeforeAll})
     */
    public static GearmandExtension perTest() {
        return new GearmandExtension(true);
    }

    /**
     * The gearmand of the test class that {@code context} belongs to (of its innermost class, for a {@code @Nested}
     * one), started on first use and stopped when the class is done.
     */
    public static Gearmand gearmand(ExtensionContext context) {
        return startIn(classContext(context));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // before any parameter is resolved: JUnit would turn the skip into a failure to resolve a parameter
        Gearmand.requireInstalled();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Gearmand.requireInstalled();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Gearmand.class || type == ServerAddress.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Gearmand gearmand;
        if (perTest) {
            if (context.getTestMethod().isEmpty()) {
                throw new ParameterResolutionException("GearmandExtension.perTest() starts a gearmand per test: "
                        + parameter.getDeclaringExecutable() + " runs outside a test; use @ExtendWith("
                        + "GearmandExtension.class) for one gearmand per class");
            }
            gearmand = startIn(context);
        } else {
            gearmand = gearmand(context);
        }
        return parameter.getParameter().getType() == ServerAddress.class ? gearmand.address() : gearmand;
    }

    /** Constructors see the test's context, so that a per-test gearmand can be resolved there too. */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    private static Gearmand startIn(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(Gearmand.class, type -> Gearmand.start(),
                Gearmand.class);
    }

    /** @return the context of the innermost test class around {@code context} (itself, for a class context) */
    static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent()) {
            current = current.getParent().orElseThrow();
        }
        return current;
    }
}
