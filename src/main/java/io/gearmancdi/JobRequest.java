package io.gearmancdi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A job to submit: its logical name, positional and named arguments, and {@link SubmitOptions}. Immutable; every
 * method returns a new request, so a request can be kept and reused as a template:
 *
 * <pre>{@code
 * JobRequest.of("example-report").arg(customerId).kwarg("format", "pdf")
 *         .options(SubmitOptions.builder().priority(Priority.HIGH).build());
 * }</pre>
 *
 * <p>On the wire the arguments become {@code {"args": [...], "kwargs": {...}}}; the options travel separately, so no
 * argument name is reserved (a job may well have parameters named {@code unique} or {@code priority}).
 */
public final class JobRequest {
    private final String name;
    private final List<Object> args;
    private final Map<String, Object> kwargs;
    private final SubmitOptions options;

    private JobRequest(String name, List<Object> args, Map<String, Object> kwargs, SubmitOptions options) {
        this.name = name;
        this.args = args;
        this.kwargs = kwargs;
        this.options = options;
    }

    /**
     * @param logicalName the logical job name (as in {@link GearmanJob}; the name mapper turns it into the function
     *                    name)
     * @return a request without arguments, with {@link SubmitOptions#DEFAULTS}
     */
    public static JobRequest of(String logicalName) {
        Objects.requireNonNull(logicalName, "logicalName");
        if (logicalName.isBlank()) {
            throw new IllegalArgumentException("job name must not be blank");
        }
        return new JobRequest(logicalName, List.of(), Map.of(), SubmitOptions.DEFAULTS);
    }

    /** @return a copy with one more positional argument ({@code null} included), whatever its type */
    public JobRequest arg(Object value) {
        List<Object> copy = new ArrayList<>(args);
        copy.add(value);
        return new JobRequest(name, Collections.unmodifiableList(copy), kwargs, options);
    }

    /** @return a copy with these positional arguments appended, in order */
    public JobRequest args(Object... values) {
        List<Object> copy = new ArrayList<>(args);
        copy.addAll(Arrays.asList(values));
        return new JobRequest(name, Collections.unmodifiableList(copy), kwargs, options);
    }

    /**
     * @return a copy with a named argument
     * @throws IllegalArgumentException if the name is blank or already given
     */
    public JobRequest kwarg(String name, Object value) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("argument name must not be blank");
        }
        if (kwargs.containsKey(name)) {
            throw new IllegalArgumentException("argument '" + name + "' is given twice");
        }
        Map<String, Object> copy = new LinkedHashMap<>(kwargs);
        copy.put(name, value);
        return new JobRequest(this.name, args, Collections.unmodifiableMap(copy), options);
    }

    /** @return a copy with these submit options (priority, unique, timeout, retries, runAt, listener) */
    public JobRequest options(SubmitOptions options) {
        return new JobRequest(name, args, kwargs, Objects.requireNonNull(options, "options"));
    }

    /** @return the logical job name */
    public String name() {
        return name;
    }

    /** @return the positional arguments (unmodifiable; may contain {@code null}) */
    public List<Object> args() {
        return args;
    }

    /** @return the named arguments in insertion order (unmodifiable) */
    public Map<String, Object> kwargs() {
        return kwargs;
    }

    /** @return the submit options */
    public SubmitOptions options() {
        return options;
    }

    @Override
    public String toString() {
        return "JobRequest[" + name + ", " + args.size() + " args, kwargs " + kwargs.keySet() + ", " + options + "]";
    }
}
