package io.gearmancdi.json;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbTypeAdapter;
import jakarta.json.bind.annotation.JsonbTypeDeserializer;
import jakarta.json.spi.JsonProvider;

import java.io.StringReader;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies the {@link StrictScalars} rules to scalars nested in records, collections, maps, arrays and optionals,
 * before JSON-B converts them: JSON-B implementations read a nested {@code boolean} from {@code 1} as {@code false}
 * and a nested {@code double} from {@code 1e999} as infinity. Only types that can hold such a scalar are walked
 * (decided once per type); record components renamed or converted by JSON-B annotations are left to JSON-B, and so are
 * beans, whose property mapping is JSON-B's to define.
 */
final class NestedScalarCheck {
    private final JsonProvider json;
    private final boolean records;
    private final Map<Type, Boolean> walked = new ConcurrentHashMap<>();

    /**
     * @param records whether to walk records by their component names: only right for a {@code Jsonb} with the default
     *                property naming and no configured adapters, i.e. the codec's own (an application's may name or
     *                shape a record's members otherwise, and only it knows how)
     */
    NestedScalarCheck(JsonProvider json, boolean records) {
        this.json = json;
        this.records = records;
    }

    /**
     * @param rawJson well-formed JSON (checked by {@link JsonSyntax})
     * @param type    the type it is about to be converted to
     * @throws IllegalArgumentException naming the path of the first scalar that does not fit
     */
    void check(String rawJson, Type type) {
        if (!needsWalk(type)) {
            return;
        }
        JsonValue value;
        try (JsonReader reader = json.createReader(new StringReader(rawJson))) {
            value = reader.readValue();
        }
        walk(value, type, "");
    }

    private boolean needsWalk(Type type) {
        Boolean known = walked.get(type);
        if (known == null) {
            walked.put(type, false); // recursive types: assume no while deciding
            known = holdsScalar(type);
            walked.put(type, known);
        }
        return known;
    }

    private boolean holdsScalar(Type type) {
        if (type instanceof Class<?> c) {
            if (c.isArray()) {
                return StrictScalars.handles(c.getComponentType()) || needsWalk(c.getComponentType());
            }
            if (c.isRecord() && records) {
                for (RecordComponent component : c.getRecordComponents()) {
                    if (checked(component) && (StrictScalars.handles(component.getGenericType())
                            || needsWalk(component.getGenericType()))) {
                        return true;
                    }
                }
            }
            return false;
        }
        Type element = element(type);
        return element != null && (StrictScalars.handles(element) || needsWalk(element));
    }

    /** @return the element type of a collection, map (its values), optional or generic array, else null */
    private static Type element(Type type) {
        if (type instanceof GenericArrayType a) {
            return a.getGenericComponentType();
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            Type[] args = p.getActualTypeArguments();
            if ((Collection.class.isAssignableFrom(raw) || raw == Optional.class) && args.length == 1) {
                return args[0];
            }
            if (Map.class.isAssignableFrom(raw) && args.length == 2) {
                return args[1];
            }
        }
        return null;
    }

    private static boolean checked(RecordComponent component) {
        return !component.isAnnotationPresent(JsonbProperty.class)
                && !component.isAnnotationPresent(JsonbTypeAdapter.class)
                && !component.isAnnotationPresent(JsonbTypeDeserializer.class)
                && !component.getAccessor().isAnnotationPresent(JsonbProperty.class)
                && !component.getAccessor().isAnnotationPresent(JsonbTypeAdapter.class)
                && !component.getAccessor().isAnnotationPresent(JsonbTypeDeserializer.class);
    }

    private void walk(JsonValue value, Type type, String path) {
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return; // null for a primitive is JSON-B's to refuse
        }
        if (type instanceof Class<?> c && StrictScalars.handles(c)) {
            try {
                StrictScalars.read(value.toString(), c);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("at " + (path.isEmpty() ? "the top" : path) + ": "
                        + e.getMessage(), e);
            }
            return;
        }
        if (!needsWalk(type)) {
            return;
        }
        if (type instanceof Class<?> c && c.isRecord() && records && value instanceof JsonObject object) {
            for (RecordComponent component : c.getRecordComponents()) {
                if (checked(component)) {
                    walk(object.get(component.getName()), component.getGenericType(), path + "." + component.getName());
                }
            }
            return;
        }
        Type element = type instanceof Class<?> c && c.isArray() ? c.getComponentType() : element(type);
        if (element == null) {
            return;
        }
        if (value instanceof JsonArray array) {
            for (int k = 0; k < array.size(); k++) {
                walk(array.get(k), element, path + "[" + k + "]");
            }
        } else if (value instanceof JsonObject object && type instanceof ParameterizedType p
                && Map.class.isAssignableFrom((Class<?>) p.getRawType())) {
            for (Map.Entry<String, JsonValue> member : object.entrySet()) {
                walk(member.getValue(), element, path + "." + member.getKey());
            }
        } else if (type instanceof ParameterizedType p && p.getRawType() == Optional.class) {
            walk(value, element, path);
        }
    }
}
