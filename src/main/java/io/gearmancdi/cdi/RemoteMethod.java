package io.gearmancdi.cdi;

import io.gearmancdi.Background;
import io.gearmancdi.GearmanClient;
import io.gearmancdi.GearmanJob;
import io.gearmancdi.GearmanPayloadException;
import io.gearmancdi.JobContext;
import io.gearmancdi.JobHandle;
import io.gearmancdi.JobRequest;
import io.gearmancdi.Priority;
import io.gearmancdi.ResultType;
import io.gearmancdi.SubmitOptions;
import io.gearmancdi.json.JsonTypes;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * One job method of a {@code @RegisterGearmanClient} interface, validated: how a call becomes a {@link JobRequest}
 * (arguments as {@code kwargs} by parameter name, the {@link SubmitOptions} argument and the annotation's priority as
 * options) and which {@link GearmanClient} method submits it. Immutable and thread-safe.
 */
final class RemoteMethod {
    /** How the job is submitted, chosen by the return type. */
    enum Kind {
        /** A foreground call that waits for the result. */
        CALL,
        /** A foreground job whose {@code CompletionStage} completes with the result. */
        ASYNC,
        /** A background job: the {@link JobHandle} once the server has it. */
        BACKGROUND
    }

    private final Method method;
    private final String name;
    private final Kind kind;
    private final ResultType<Object> resultType;
    private final Priority priority;
    private final String[] names;
    private final int optionsIndex;

    private RemoteMethod(Method method, String name, Kind kind, Type result, String[] names, int optionsIndex) {
        this.method = method;
        this.name = name;
        this.kind = kind;
        this.resultType = result == null ? null : ResultType.of(result);
        this.priority = MergedGearmanJob.of(method).priority();
        this.names = names;
        this.optionsIndex = optionsIndex;
    }

    /**
     * Validates a method of a typed job interface.
     *
     * @param type     the interface (names default to {@code <package>.<Interface>.<method>} of the declaring one)
     * @param method   an abstract method of it
     * @param problems receives each problem, naming the method
     * @return the method, or {@code null} if it has problems
     */
    static RemoteMethod of(Class<?> type, Method method, List<String> problems) {
        String where = "@RegisterGearmanClient method " + JobNames.describe(method);
        GearmanJob job = method.getAnnotation(GearmanJob.class);
        if (job == null) {
            problems.add(where + ": it has no @GearmanJob; every abstract method of a @RegisterGearmanClient interface "
                    + "is a job (annotate it with @GearmanJob, or give it a default body)");
            return null;
        }
        int before = problems.size();
        JobRetry.problems(MergedGearmanJob.of(method)).forEach(p -> problems.add(where + ": " + p));
        if (!job.name().isEmpty() && (job.name().isBlank() || job.name().chars().anyMatch(c -> c <= ' '))) {
            problems.add(where + ": its name '" + job.name() + "' is blank or contains whitespace");
        }
        Parameter[] parameters = method.getParameters();
        String[] names = new String[parameters.length];
        int optionsIndex = -1;
        boolean namesMissing = false;
        for (int i = 0; i < parameters.length; i++) {
            Parameter p = parameters[i];
            if (p.getType() == SubmitOptions.class) {
                if (optionsIndex >= 0) {
                    problems.add(where + ": it declares more than one SubmitOptions parameter");
                }
                optionsIndex = i;
                continue;
            }
            if (p.getType() == JobContext.class) {
                problems.add(where + ": parameter " + (i + 1) + " is a JobContext, which only a job method receives "
                        + "(remove it from the interface)");
                continue;
            }
            if (!p.isNamePresent()) {
                namesMissing = true;
            }
            names[i] = p.getName();
            String problem = JsonTypes.problem(p.getParameterizedType());
            if (problem != null) {
                problems.add(where + ": parameter " + (i + 1) + " '" + p.getName() + "' ("
                        + p.getParameterizedType().getTypeName() + ") cannot be written as JSON: " + problem);
            }
        }
        if (namesMissing) {
            problems.add(where + ": its parameter names are not in the class file (" + method.getDeclaringClass().getName() + " was "
                    + "compiled without -parameters), so its arguments cannot be sent by name; compile with "
                    + "'javac -parameters' (Maven: <parameters>true</parameters> in maven-compiler-plugin's "
                    + "configuration)");
        }
        Kind kind;
        Type result;
        Type returned = method.getGenericReturnType();
        if (method.isAnnotationPresent(Background.class)) {
            kind = Kind.BACKGROUND;
            result = null;
            if (method.getReturnType() != JobHandle.class) {
                problems.add(where + ": a @Background method returns JobHandle, not " + returned.getTypeName());
            }
        } else if (method.getReturnType() == CompletionStage.class) {
            kind = Kind.ASYNC;
            result = returned instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : null;
            String problem = result == null ? "raw type java.util.concurrent.CompletionStage leaves the result type "
                    + "open; declare CompletionStage<T>" : resultProblem(result);
            if (problem != null) {
                problems.add(where + ": its result type " + returned.getTypeName() + " is not supported: " + problem);
            }
        } else {
            kind = Kind.CALL;
            result = returned;
            String problem = resultProblem(returned);
            if (method.getReturnType() == JobHandle.class) {
                problems.add(where + ": it returns a JobHandle, which is what a @Background method returns (add "
                        + "@Background to queue the job in the background)");
            } else if (problem != null) {
                problems.add(where + ": its result type " + returned.getTypeName() + " is not supported: " + problem
                        + " (return a type JSON-B maps, CompletionStage<T> to run it asynchronously, or JobHandle "
                        + "with @Background)");
            }
        }
        if (problems.size() > before) {
            return null;
        }
        // the declaring interface names the job, so that an interface extending another calls the same jobs
        return new RemoteMethod(method, JobNames.logicalName(method.getDeclaringClass(), method), kind, result, names,
                optionsIndex);
    }

    private static String resultProblem(Type result) {
        if (result == void.class || result == Void.class) {
            return null;
        }
        if (result instanceof Class<?> c && java.util.concurrent.Future.class.isAssignableFrom(c)
                || result instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw
                && (java.util.concurrent.Future.class.isAssignableFrom(raw)
                || CompletionStage.class.isAssignableFrom(raw))) {
            return "declare CompletionStage<T> for an asynchronous call";
        }
        return JsonTypes.problem(result);
    }

    /** @return the Java method */
    Method method() {
        return method;
    }

    /** @return the logical job name */
    String name() {
        return name;
    }

    /** @return how the job is submitted */
    Kind kind() {
        return kind;
    }

    /** @return the result type read from the job ({@code null} for background jobs) */
    Type resultType() {
        return resultType == null ? null : resultType.type();
    }

    /** @return the job's arguments: parameter name to declared type, in declaration order */
    Map<String, Type> arguments() {
        Map<String, Type> arguments = new LinkedHashMap<>();
        Type[] types = method.getGenericParameterTypes();
        for (int i = 0; i < names.length; i++) {
            if (names[i] != null) {
                arguments.put(names[i], types[i]);
            }
        }
        return arguments;
    }

    /** @return the names of the parameters that are arguments, in declaration order */
    List<String> argumentNames() {
        return new ArrayList<>(arguments().keySet());
    }

    /**
     * Submits the job.
     *
     * @throws GearmanPayloadException naming the method and the parameter when an argument has no JSON form; nothing
     *                                 is submitted then
     */
    Object invoke(GearmanClient client, Object[] args) {
        JobRequest request = JobRequest.of(name);
        SubmitOptions options = SubmitOptions.DEFAULTS;
        for (int i = 0; i < names.length; i++) {
            if (i == optionsIndex) {
                if (args[i] != null) {
                    options = (SubmitOptions) args[i];
                }
            } else {
                request = request.kwarg(names[i], args[i]);
            }
        }
        if (priority != Priority.NORMAL && options.priority() == Priority.NORMAL) {
            options = options.mutate().priority(priority).build();
        }
        request = request.options(options);
        try {
            return switch (kind) {
                case CALL -> client.call(request, resultType);
                case ASYNC -> client.callAsync(request, resultType);
                case BACKGROUND -> client.submitBackground(request);
            };
        } catch (GearmanPayloadException e) {
            throw new GearmanPayloadException(JobNames.describe(method) + ": " + e.getMessage(), e);
        }
    }

    /** @return whether the method is a job method at all (abstract, not static, not one of Object's redeclared) */
    static boolean isJobMethod(Method method) {
        if (method.isDefault() || Modifier.isStatic(method.getModifiers()) || method.isSynthetic()) {
            return false;
        }
        try {
            Object.class.getMethod(method.getName(), method.getParameterTypes());
            return false; // toString(), equals(Object), hashCode() declared again: the proxy answers them itself
        } catch (NoSuchMethodException e) {
            return true;
        }
    }

    @Override
    public String toString() {
        return "RemoteMethod[" + name + " " + kind + " <- " + JobNames.describe(method) + "]";
    }
}
