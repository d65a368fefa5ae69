package io.gearmancdi.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Starts the Weld SE application ({@link CdiApp}) a test class runs against before its tests, and resolves
 * {@link CdiApp} parameters to it. Declared with {@link WithCdiApp} (which registers this extension), or, when the
 * settings are known only at run time, registered programmatically with {@link #starting}.
 *
 * <p>As with {@link GearmandExtension}, and for the same reasons: the app lives in JUnit's
 * {@link ExtensionContext.Store} of the test class (or of the test, with {@link WithCdiApp#perTest()}), not in a
 * static field; JUnit closes it when the class or test ends, passed or failed, so its workers drain and its client
 * closes, before the gearmand it uses stops; and it is resolvable where the test needs it, constructors included.
 */
public final class CdiAppExtension implements ParameterResolver, BeforeAllCallback, BeforeEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(CdiAppExtension.class);

    /** What to start; empty when the test class declares nothing (e.g. a {@code @Nested} class of one that does). */
    private final Function<ExtensionContext, Optional<Declaration>> declarations;

    /** The form {@link WithCdiApp} registers: the app its annotation describes. */
    public CdiAppExtension() {
        this(CdiAppExtension::fromAnnotation);
    }

    private CdiAppExtension(Function<ExtensionContext, Optional<Declaration>> declarations) {
        this.declarations = declarations;
    }

    /**
     * An app per test class whose settings are computed when it starts, for settings no annotation can hold (a
     * database's URL, say). Register it as a {@code static} {@code @RegisterExtension} field; it holds no state, only
     * how to start the app:
     *
     * <pre>{@code
     * @RegisterExtension
     * static final CdiAppExtension APP = CdiAppExtension.starting(context -> Map.of(
     *         "gearman.servers", GearmandExtension.gearmand(context).address().toString(),
     *         "gearman.store.jdbc-url", ...), StoreJobs.class);
     * }</pre>
     *
     * @param settings computes the settings; what it starts through an extension's store (the class's gearmand) is
     *                 stored before the app and so closed after it. It may be called more than once.
     * @param beans    the application's bean classes
     */
    public static CdiAppExtension starting(Function<ExtensionContext, Map<String, String>> settings,
                                           Class<?>... beans) {
        Declaration declaration = new Declaration(settings, beans.clone(), false);
        return new CdiAppExtension(context -> Optional.of(declaration));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Optional<Declaration> declaration = declarations.apply(context);
        if (declaration.isPresent() && !declaration.get().perTest()) {
            app(declaration.get(), context, context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Optional<Declaration> declaration = declarations.apply(context);
        if (declaration.isPresent()) {
            // per class: already there, unless registered as an instance field (then the first test starts it)
            app(declaration.get(), context, owner(declaration.get(), context));
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == CdiApp.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Declaration declaration = declarations.apply(context).orElseThrow(() -> new ParameterResolutionException(
                context.getRequiredTestClass().getName() + " has no @WithCdiApp"));
        if (declaration.perTest() && context.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("@WithCdiApp(perTest = true) starts an app per test: "
                    + parameter.getDeclaringExecutable() + " runs outside a test");
        }
        return app(declaration, context, owner(declaration, context));
    }

    /** Constructors see the test's context, so that a per-test app can be resolved there too. */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    private static ExtensionContext owner(Declaration declaration, ExtensionContext context) {
        return declaration.perTest() ? context : GearmandExtension.classContext(context);
    }

    /** @return the app stored in {@code owner}'s store, started there if it is not yet */
    private static CdiApp app(Declaration declaration, ExtensionContext context, ExtensionContext owner) {
        // computed first: whatever the settings start is stored before the app, and JUnit, closing in reverse order
        // of storing, closes the app first
        Map<String, String> settings = declaration.settings().apply(context);
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(CdiApp.class,
                type -> CdiApp.start(settings, declaration.beans()), CdiApp.class);
    }

    private static Optional<Declaration> fromAnnotation(ExtensionContext context) {
        return context.getTestClass().flatMap(type -> AnnotationSupport.findAnnotation(type, WithCdiApp.class))
                .map(annotation -> new Declaration(c -> settings(annotation, c), annotation.beans(),
                        annotation.perTest()));
    }

    private static Map<String, String> settings(WithCdiApp annotation, ExtensionContext context) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String setting : annotation.settings()) {
            int equals = setting.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("@WithCdiApp setting '" + setting + "' is not key=value");
            }
            settings.put(setting.substring(0, equals).strip(), setting.substring(equals + 1).strip());
        }
        if (annotation.gearmand() && !settings.containsKey("gearman.servers")) {
            Gearmand.requireInstalled(); // a skip, not a failure to resolve a parameter
            settings.put("gearman.servers", GearmandExtension.gearmand(context).address().toString());
        }
        return settings;
    }

    /** How to start an app: its settings, its bean classes, and whether each test gets its own. */
    private record Declaration(Function<ExtensionContext, Map<String, String>> settings, Class<?>[] beans,
                               boolean perTest) {
    }
}
