package io.gearmancdi.json;

import io.gearmancdi.GearmanPayloadException;
import io.gearmancdi.JobContext;
import io.gearmancdi.SubmitOptions;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Binds a payload's arguments to the parameters of one job method: {@code args} in order, then {@code kwargs} by
 * parameter name; a {@link JobContext} parameter is filled by the worker, a {@link SubmitOptions} one (of a typed job
 * interface) is null. Every value is converted by JSON-B straight into the declared (generic) parameter type. Immutable
 * and thread-safe.
 */
public final class ArgumentBinder {
    private final String job;
    private final Parameter[] parameters;
    private final String[] names;
    private final Type[] types;
    private final int contextIndex;
    private final int[] dataIndexes;

    private ArgumentBinder(String job, Method method, String[] names) {
        this.job = job;
        this.parameters = method.getParameters();
        this.names = names;
        this.types = method.getGenericParameterTypes();
        int context = -1;
        List<Integer> data = new ArrayList<>();
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i].getType() == JobContext.class) {
                context = i;
            } else if (parameters[i].getType() != SubmitOptions.class) {
                // a typed job interface's SubmitOptions is the caller's, never sent: the worker passes null
                data.add(i);
            }
        }
        this.contextIndex = context;
        this.dataIndexes = data.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * @param job    the logical job name, for messages
     * @param method a method for which {@link #problems(Method)} is empty
     * @return its binder
     * @throws IllegalArgumentException if the method cannot be a job
     */
    public static ArgumentBinder of(String job, Method method) {
        List<String> problems = problems(method);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(method + ": " + String.join("; ", problems));
        }
        return new ArgumentBinder(job, method, Arrays.stream(method.getParameters()).map(Parameter::getName)
                .toArray(String[]::new));
    }

    /**
     * A binder with the parameter names given rather than read from the class file: for tests whose classes are
     * rewritten without them (fuzzing instruments bytecode and drops the MethodParameters attribute).
     */
    static ArgumentBinder of(String job, Method method, String... names) {
        if (names.length != method.getParameterCount()) {
            throw new IllegalArgumentException(method + " has " + method.getParameterCount() + " parameters");
        }
        return new ArgumentBinder(job, method, names.clone());
    }

    /**
     * Checks that a method can be a job: not private, not static, at most one {@link JobContext}, parameter names in
     * the class file, and parameter and result types JSON-B can read and write without being told a type.
     *
     * @return the problems, each a sentence without the method's name; empty if it can
     */
    public static List<String> problems(Method method) {
        List<String> problems = new ArrayList<>();
        if (Modifier.isPrivate(method.getModifiers())) {
            problems.add("it is private; a job method must be callable through the bean's contextual reference "
                    + "(make it public)");
        }
        if (Modifier.isStatic(method.getModifiers())) {
            problems.add("it is static; a job is a method of a bean instance");
        }
        int contexts = 0;
        boolean namesMissing = false;
        Parameter[] parameters = method.getParameters();
        Type[] types = method.getGenericParameterTypes();
        for (int i = 0; i < parameters.length; i++) {
            Parameter p = parameters[i];
            if (p.getType() == JobContext.class) {
                contexts++;
                continue;
            }
            if (p.getType() == SubmitOptions.class) {
                continue;
            }
            if (!p.isNamePresent()) {
                namesMissing = true;
            }
            String problem = i < types.length ? TypeRules.parameterProblem(types[i]) : null;
            if (problem != null) {
                problems.add("parameter " + (i + 1) + " '" + p.getName() + "' (" + p.getParameterizedType().getTypeName()
                        + ") cannot be read from JSON: " + problem);
            }
        }
        if (contexts > 1) {
            problems.add("it declares " + contexts + " JobContext parameters; at most one is allowed");
        }
        if (namesMissing) {
            problems.add("its parameter names are not in the class file (" + method.getDeclaringClass().getName()
                    + " was compiled without -parameters), so kwargs cannot be bound by name; compile with "
                    + "'javac -parameters' (Maven: <parameters>true</parameters> in maven-compiler-plugin's "
                    + "configuration; Gradle: options.compilerArgs << '-parameters')");
        }
        String result = TypeRules.resultProblem(method.getReturnType());
        if (result != null) {
            problems.add("its result type cannot be written as JSON: " + result);
        }
        return problems;
    }

    /** @return the number of parameters read from the payload (all but the {@link JobContext}) */
    public int arity() {
        return dataIndexes.length;
    }

    /**
     * @param envelope the decoded payload
     * @param context  the job's context, passed to a {@link JobContext} parameter
     * @param codec    converts each value
     * @return the arguments for {@link Method#invoke}
     * @throws GearmanPayloadException naming the parameter when an argument is missing, bound twice, unknown, or not
     *                                 convertible
     */
    public Object[] bind(Envelope envelope, JobContext context, PayloadCodec codec) {
        List<String> args = envelope.args();
        if (args.size() > dataIndexes.length) {
            throw new GearmanPayloadException("job " + job + " takes " + dataIndexes.length + " argument"
                    + (dataIndexes.length == 1 ? "" : "s") + " " + names() + " but got " + args.size()
                    + " positional arguments");
        }
        String[] raw = new String[parameters.length];
        for (int k = 0; k < args.size(); k++) {
            raw[dataIndexes[k]] = args.get(k);
        }
        for (Map.Entry<String, String> kwarg : envelope.kwargs().entrySet()) {
            int index = indexOf(kwarg.getKey());
            if (index < 0) {
                throw new GearmanPayloadException("job " + job + " has no parameter named '" + kwarg.getKey()
                        + "' (parameters: " + names() + ")");
            }
            if (raw[index] != null) {
                throw new GearmanPayloadException("job " + job + ": argument '" + kwarg.getKey()
                        + "' is given twice (by position and by name)");
            }
            raw[index] = kwarg.getValue();
        }
        Object[] values = new Object[parameters.length];
        for (int index : dataIndexes) {
            String name = names[index];
            if (raw[index] == null) {
                throw new GearmanPayloadException("job " + job + ": missing argument '" + name + "' ("
                        + types[index].getTypeName() + ")");
            }
            values[index] = convert(codec, name, raw[index], types[index], parameters[index].getType());
        }
        if (contextIndex >= 0) {
            values[contextIndex] = context;
        }
        return values;
    }

    private Object convert(PayloadCodec codec, String name, String raw, Type type, Class<?> rawType) {
        if (raw.equals("null")) {
            if (rawType.isPrimitive()) {
                throw new GearmanPayloadException("job " + job + ": argument '" + name + "' of type " + rawType
                        + " cannot be null");
            }
            return PayloadCodec.nullValue(type); // Optional.empty() for an Optional, as JSON-B gives
        }
        Object value;
        try {
            value = codec.convert(raw, type);
        } catch (RuntimeException e) {
            // JsonbException, StrictScalars' IllegalArgumentException, or whatever the JSON-B implementation or a
            // constructor or setter it calls throws: the job fails, naming the parameter; the worker goes on
            throw new GearmanPayloadException("job " + job + ": argument '" + name + "' cannot be read as "
                    + type.getTypeName() + " from " + JsonSlicer.abbreviate(raw) + ": " + e.getMessage(), e);
        }
        if (value == null && rawType.isPrimitive()) {
            throw new GearmanPayloadException("job " + job + ": argument '" + name + "' of type " + rawType
                    + " cannot be read from " + JsonSlicer.abbreviate(raw));
        }
        return value;
    }

    private int indexOf(String name) {
        for (int index : dataIndexes) {
            if (names[index].equals(name)) {
                return index;
            }
        }
        return -1;
    }

    private String names() {
        List<String> list = new ArrayList<>();
        for (int index : dataIndexes) {
            list.add(names[index]);
        }
        return list.toString();
    }
}
