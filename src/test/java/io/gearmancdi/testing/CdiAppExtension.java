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

/**
 * Starts the Weld SE application ({@link CdiApp}) that a test class declares with {@link WithCdiApp} before its tests
 * run, and resolves {@link CdiApp} parameters to it; registered by that annotation.
 *
 * <p>As with {@link GearmandExtension}, and for the same reasons: the app lives in JUnit's
 * {@link ExtensionContext.Store} of the test class (or of the test, with {@link WithCdiApp#perTest()}), not in a
 * static field; JUnit closes it when the class or test ends, passed or failed, so its workers drain and its client
 * closes, before the gearmand it uses stops; and it is resolvable where the test needs it, constructors included.
 */
public final class CdiAppExtension implements ParameterResolver, BeforeAllCallback, BeforeEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(CdiAppExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        Optional<WithCdiApp> declaration = declaration(context);
        if (declaration.isPresent() && !declaration.get().perTest()) {
            app(declaration.get(), context, context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Optional<WithCdiApp> declaration = declaration(context);
        if (declaration.isPresent() && declaration.get().perTest()) {
            app(declaration.get(), context, context);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == CdiApp.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        WithCdiApp declaration = declaration(context).orElseThrow(() -> new ParameterResolutionException(
                context.getRequiredTestClass().getName() + " has no @WithCdiApp"));
        ExtensionContext owner = GearmandExtension.classContext(context);
        if (declaration.perTest()) {
            if (context.getTestMethod().isEmpty()) {
                throw new ParameterResolutionException("@WithCdiApp(perTest = true) starts an app per test: "
                        + parameter.getDeclaringExecutable() + " runs outside a test");
            }
            owner = context;
        }
        return app(declaration, context, owner);
    }

    /** Constructors see the test's context, so that a per-test app can be resolved there too. */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    /** @return the app stored in {@code owner}'s store, started there if it is not yet */
    private static CdiApp app(WithCdiApp declaration, ExtensionContext context, ExtensionContext owner) {
        Map<String, String> settings = settings(declaration);
        if (declaration.gearmand() && !settings.containsKey("gearman.servers")) {
            // started (and stored) before the app, so that JUnit, closing in reverse order of storing, closes the
            // app first
            Gearmand.requireInstalled();
            settings.putIfAbsent("gearman.servers", GearmandExtension.gearmand(context).address().toString());
        }
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(CdiApp.class,
                type -> CdiApp.start(settings, declaration.beans()), CdiApp.class);
    }

    private static Optional<WithCdiApp> declaration(ExtensionContext context) {
        return context.getTestClass().flatMap(type -> AnnotationSupport.findAnnotation(type, WithCdiApp.class));
    }

    private static Map<String, String> settings(WithCdiApp declaration) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String setting : declaration.settings()) {
            int equals = setting.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("@WithCdiApp setting '" + setting + "' is not key=value");
            }
            settings.put(setting.substring(0, equals).strip(), setting.substring(equals + 1).strip());
        }
        return settings;
    }
}
