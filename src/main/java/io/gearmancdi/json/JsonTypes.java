package io.gearmancdi.json;

import java.lang.reflect.Type;

/**
 * The rules of {@link ArgumentBinder} for one type, for contracts checked outside a job method: the parameters and
 * results of typed job interfaces, which the client writes and reads with the same codec.
 */
public final class JsonTypes {
    private JsonTypes() {
    }

    /**
     * @param type a declared parameter or result type
     * @return why a payload cannot be converted to and from this type without being told a Java type (type variables,
     *         wildcards, raw generic types, resources without a JSON form), or {@code null} if it can
     */
    public static String problem(Type type) {
        return TypeRules.parameterProblem(type);
    }
}
