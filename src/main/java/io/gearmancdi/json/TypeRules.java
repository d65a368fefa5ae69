package io.gearmancdi.json;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.Channel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.CompletionStage;

/**
 * Which Java types a job parameter or result may have. The payload never chooses a type, so each parameter type must
 * be fully known: no type variables, no wildcards, no raw generic types. Resources without a JSON form are refused.
 */
final class TypeRules {
    /** Types (and their subtypes) that have no JSON form. */
    private static final List<Class<?>> NO_JSON_FORM = List.of(InputStream.class, OutputStream.class, Reader.class,
            Writer.class, Channel.class, Socket.class, ServerSocket.class, Thread.class, ThreadGroup.class,
            Class.class, ClassLoader.class, Future.class, CompletionStage.class);

    private TypeRules() {
    }

    /**
     * @return a declaration of the generic class {@code c} that compiles, for hints: {@code List<String>},
     *         {@code Map<String, Integer>} (a map's keys are JSON member names), {@code BiFunction<String, String, String>}
     */
    static String example(Class<?> c) {
        int n = c.getTypeParameters().length;
        List<String> arguments = new ArrayList<>(Collections.nCopies(n, "String"));
        if (Map.class.isAssignableFrom(c) && n == 2) {
            arguments.set(1, "Integer");
        }
        return c.getSimpleName() + "<" + String.join(", ", arguments) + ">";
    }

    /** @return why a parameter cannot have this type, or {@code null} if it can */
    static String parameterProblem(Type type) {
        if (type instanceof Class<?> c) {
            if (c.isArray()) {
                return parameterProblem(c.getComponentType());
            }
            String resource = resourceProblem(c);
            if (resource != null) {
                return resource;
            }
            if (c.getTypeParameters().length > 0) {
                return "raw type " + c.getName() + " does not say what its elements are; declare its type arguments"
                        + " (for example " + example(c) + ")";
            }
            return null;
        }
        if (type instanceof ParameterizedType p) {
            String raw = resourceProblem((Class<?>) p.getRawType());
            if (raw != null) {
                return raw;
            }
            for (Type argument : p.getActualTypeArguments()) {
                String problem = parameterProblem(argument);
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        if (type instanceof GenericArrayType a) {
            return parameterProblem(a.getGenericComponentType());
        }
        if (type instanceof WildcardType w) {
            return "wildcard " + w.getTypeName() + " leaves the type open; declare a concrete type argument";
        }
        if (type instanceof TypeVariable<?> v) {
            return "type variable " + v.getName() + " leaves the type open; the payload never chooses a Java type";
        }
        return "unsupported type " + type.getTypeName();
    }

    /** @return why a job cannot return this type, or {@code null} if it can (results are written by runtime type) */
    static String resultProblem(Class<?> type) {
        if (type == void.class) {
            return null;
        }
        return resourceProblem(type.isArray() ? type.getComponentType() : type);
    }

    private static String resourceProblem(Class<?> c) {
        for (Class<?> bad : NO_JSON_FORM) {
            if (bad.isAssignableFrom(c)) {
                return c.getName() + " has no JSON form";
            }
        }
        return null;
    }
}
