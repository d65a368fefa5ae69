package io.gearmancdi.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.function.Supplier;

/**
 * Gives a test class a real {@link TestDatabase} (in-memory H2, a private PostgreSQL or MariaDB instance): parameters
 * of type {@link TestDatabase} (or {@link Postgres}, {@link MariaDb}, as started) of the class's constructor, its
 * {@code @BeforeAll}/{@code @BeforeEach}/{@code @AfterEach} methods and its tests are resolved to it, and other
 * extensions (a {@link CdiAppExtension#starting} app's settings) reach it
 * through {@link #database(ExtensionContext)}.
 *
 * <pre>{@code
 * class SomeStoreTest {
 *     @RegisterExtension
 *     static final DatabaseExtension DB = DatabaseExtension.postgres("store");
 *
 *     SomeStoreTest(Postgres db) { ... }
 * }
 * }</pre>
 *
 * <p>For the reasons {@link GearmandExtension} gives: the database lives in JUnit's {@link ExtensionContext.Store} of
 * the test class, not in a static field (the extension's own field holds no state, only how to start it), and JUnit
 * closes it when the class ends, passed or failed, after whatever was stored later (an app that writes to it). It is
 * started before the class's tests, so that a missing PostgreSQL or MariaDB skips the class (fails it with
 * {@code CI=true}) rather than failing a parameter's resolution.
 */
public final class DatabaseExtension implements ParameterResolver, BeforeAllCallback, BeforeEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(DatabaseExtension.class);

    private final Class<? extends TestDatabase> type;
    private final Supplier<? extends TestDatabase> start;

    private <T extends TestDatabase> DatabaseExtension(Class<T> type, Supplier<T> start) {
        this.type = type;
        this.start = start;
    }

    /** @return an extension giving the class an in-memory H2 database of this name */
    public static DatabaseExtension h2(String name) {
        return new DatabaseExtension(TestDatabase.class, () -> TestDatabase.h2(name));
    }

    /** @return an extension giving the class a private PostgreSQL cluster ({@link Postgres#start}) */
    public static DatabaseExtension postgres(String name) {
        return new DatabaseExtension(Postgres.class, () -> Postgres.start(name));
    }

    /** @return an extension giving the class a private MariaDB instance ({@link MariaDb#start}) */
    public static DatabaseExtension mariaDb(String name) {
        return new DatabaseExtension(MariaDb.class, () -> MariaDb.start(name));
    }

    /** The database of the test class {@code context} belongs to, started on first use, closed when it is done. */
    public TestDatabase database(ExtensionContext context) {
        // keyed by this extension, so that a class may have two databases
        return GearmandExtension.classContext(context).getStore(NAMESPACE)
                .getOrComputeIfAbsent(this, key -> start.get(), TestDatabase.class);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        database(context);
    }

    /** For a field that is not static: then the class's first test starts it. */
    @Override
    public void beforeEach(ExtensionContext context) {
        database(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> wanted = parameter.getParameter().getType();
        return TestDatabase.class.isAssignableFrom(wanted) && wanted.isAssignableFrom(type);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return database(context);
    }

    /** Constructors see the test's context, like {@link GearmandExtension}'s. */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }
}
