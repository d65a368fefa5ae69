package io.gearmancdi;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Objects;

/**
 * A result type with its generic arguments, captured by subclassing:
 * {@code new ResultType<List<Report>>() {}}. Used by {@link GearmanClient} to deserialize results into generic types.
 *
 * @param <T> the result type
 */
public abstract class ResultType<T> {
    private final Type type;

    /** Captures the type argument of the anonymous subclass. */
    protected ResultType() {
        Type superclass = getClass().getGenericSuperclass();
        if (!(superclass instanceof ParameterizedType parameterized)) {
            throw new IllegalStateException("ResultType needs a type argument: new ResultType<List<Foo>>() {}");
        }
        this.type = parameterized.getActualTypeArguments()[0];
    }

    private ResultType(Type type) {
        this.type = Objects.requireNonNull(type, "type");
    }

    /**
     * @param type any type, e.g. from reflection
     * @return a result type for it (unchecked: the caller vouches for {@code T})
     */
    public static <T> ResultType<T> of(Type type) {
        return new ResultType<>(type) {
        };
    }

    /** @return the captured type */
    public Type type() {
        return type;
    }

    @Override
    public String toString() {
        return "ResultType<" + type.getTypeName() + ">";
    }
}
