package io.gearmancdi.cdi;

import io.gearmancdi.GearmanJob;
import io.gearmancdi.worker.RetryPolicy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The failure handling of one job: {@code @GearmanJob(retries, backoff, maxBackoff, timeout, retryOn, abortOn)} with
 * the MicroProfile Config overrides. Precedence, per value: {@code gearman.job."<logical name>".<key>}, then the
 * annotation if it sets the value to something other than its default, then {@code gearman.job.<key>} (the default of
 * every job), then the annotation's default.
 *
 * @param retries    attempts after the first
 * @param backoff    the first back-off
 * @param maxBackoff the longest back-off
 * @param timeout    the time limit of one attempt, or {@code null} for none
 * @param retryOn    failure types retried (empty: all)
 * @param abortOn    failure types never retried
 */
record JobRetry(int retries, Duration backoff, Duration maxBackoff, Duration timeout,
                       List<Class<? extends Throwable>> retryOn, List<Class<? extends Throwable>> abortOn) {
    /** Key prefix of the per-job and all-jobs settings. */
    public static final String PREFIX = "gearman.job.";
    /** Key suffix of the retries. */
    public static final String RETRIES = "retries";
    /** Key suffix of the first back-off. */
    public static final String BACKOFF = "backoff";
    /** Key suffix of the longest back-off. */
    public static final String MAX_BACKOFF = "max-backoff";
    /** Key suffix of the time limit of one attempt. */
    public static final String TIMEOUT = "timeout";
    /** Key of the logical name of the job that receives every final failure. */
    public static final String DEAD_LETTER_JOB = "gearman.dead-letter.job";
    private static final int MAX_RETRIES = 1000;

    /** @return the key of {@code setting} for one job: {@code gearman.job."<name>".<setting>} */
    public static String key(String jobName, String setting) {
        return PREFIX + "\"" + jobName + "\"." + setting;
    }

    /**
     * Checks the annotation alone (definition errors, naming the method through the caller).
     *
     * @return one sentence per problem
     */
    static List<String> problems(GearmanJob annotation) {
        List<String> problems = new ArrayList<>();
        if (annotation.retries() < 0) {
            problems.add("retries = " + annotation.retries() + " is negative (0 means a failure is final)");
        } else if (annotation.retries() > MAX_RETRIES) {
            problems.add("retries = " + annotation.retries() + " is above " + MAX_RETRIES);
        }
        Duration backoff = duration("backoff", annotation.backoff(), problems);
        Duration max = duration("maxBackoff", annotation.maxBackoff(), problems);
        if (backoff != null && max != null && max.compareTo(backoff) < 0) {
            problems.add("maxBackoff = \"" + annotation.maxBackoff() + "\" is shorter than backoff = \""
                    + annotation.backoff() + "\"");
        }
        if (!annotation.timeout().isEmpty()) {
            Duration timeout = duration("timeout", annotation.timeout(), problems);
            if (timeout != null && timeout.isZero()) {
                problems.add("timeout = \"" + annotation.timeout() + "\" must be longer than zero (leave it out for no "
                        + "limit)");
            }
        }
        for (Class<?> retry : annotation.retryOn()) {
            if (Arrays.asList(annotation.abortOn()).contains(retry)) {
                problems.add(retry.getName() + " is named in both retryOn and abortOn");
            }
        }
        return problems;
    }

    private static Duration duration(String attribute, String text, List<String> problems) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(attribute + " = \"" + text + "\": " + e.getMessage());
            return null;
        }
    }

    /**
     * Resolves every job's settings from its annotation (valid already) and the configuration; a configured value the
     * library's own forms refuse goes to {@code converted}, as for {@link GearmanSettings#read}.
     *
     * @param source    the value of a key, empty when unset
     * @param converted the configuration's converters
     * @param problems  receives one sentence per bad configuration value, naming its key
     * @return logical name to its settings
     */
    static Map<String, JobRetry> resolve(List<JobDefinition> jobs, Function<String, Optional<String>> source,
                                         GearmanSettings.Converted converted, List<String> problems) {
        Map<String, JobRetry> all = new LinkedHashMap<>();
        for (JobDefinition job : jobs) {
            all.put(job.name(), resolve(job.name(), job.method().getAnnotation(GearmanJob.class), source, converted,
                    problems));
        }
        return all;
    }

    /** Resolves one job's settings (see {@link #resolve(List, Function, GearmanSettings.Converted, List)}). */
    static JobRetry resolve(String name, GearmanJob a, Function<String, Optional<String>> source,
                            GearmanSettings.Converted converted, List<String> problems) {
        Function<String, Optional<String>> present = k -> source.apply(k).filter(v -> !v.isBlank());
        int retries = integer(present, converted, name, RETRIES, a.retries(), a.retries() != 0, problems);
        Duration backoff = duration(present, converted, name, BACKOFF, a.backoff(), !a.backoff().equals("1s"), false,
                problems);
        Duration max = duration(present, converted, name, MAX_BACKOFF, a.maxBackoff(), !a.maxBackoff().equals("10m"),
                false, problems);
        Duration timeout = a.timeout().isEmpty() && present.apply(key(name, TIMEOUT)).isEmpty()
                && present.apply(PREFIX + TIMEOUT).isEmpty()
                ? null : duration(present, converted, name, TIMEOUT, a.timeout().isEmpty() ? "0s" : a.timeout(),
                !a.timeout().isEmpty(), true, problems);
        if (timeout != null && timeout.isZero()) {
            timeout = null; // a bad configured value was reported; no limit meanwhile
        }
        if (max.compareTo(backoff) < 0) {
            problems.add("the back-off of job '" + name + "' ends at " + max + ", before it starts (" + backoff
                    + "); check " + key(name, MAX_BACKOFF) + " and " + key(name, BACKOFF));
            max = backoff;
        }
        return new JobRetry(retries, backoff, max, timeout, List.of(a.retryOn()), List.of(a.abortOn()));
    }

    private static int integer(Function<String, Optional<String>> source, GearmanSettings.Converted converted,
                               String job, String setting, int annotated, boolean annotationSetsIt,
                               List<String> problems) {
        Configured value = configured(source, job, setting, annotationSetsIt);
        if (value == null) {
            return annotated;
        }
        Integer n;
        try {
            n = Integer.parseInt(value.text().trim());
        } catch (NumberFormatException e) {
            // the library's own form first (its meaning never changes), then the application's converters
            n = GearmanSettings.converted(converted, value.key(), Integer.class).orElse(null);
        }
        if (n != null && n >= 0 && n <= MAX_RETRIES) {
            return n;
        }
        problems.add("configuration " + value.key() + "='" + value.text()
                + "' is invalid: expected a whole number from 0 to " + MAX_RETRIES);
        return annotated;
    }

    /** A setting's text and the key it was found under. */
    private record Configured(String key, String text) {
    }

    /**
     * @return the job's own key ({@code gearman.job."<name>".<setting>}), else, unless the annotation sets the value,
     *         the all-jobs key ({@code gearman.job.<setting>}); {@code null} when neither is configured
     */
    private static Configured configured(Function<String, Optional<String>> source, String job, String setting,
                                         boolean annotationSetsIt) {
        String own = key(job, setting);
        Optional<String> value = source.apply(own);
        if (value.isPresent()) {
            return new Configured(own, value.get());
        }
        if (annotationSetsIt) {
            return null;
        }
        return source.apply(PREFIX + setting).map(text -> new Configured(PREFIX + setting, text)).orElse(null);
    }

    private static Duration duration(Function<String, Optional<String>> source, GearmanSettings.Converted converted,
                                     String job, String setting, String annotated, boolean annotationSetsIt,
                                     boolean positive, List<String> problems) {
        Configured value = configured(source, job, setting, annotationSetsIt);
        if (value == null) {
            return Durations.parse(annotated);
        }
        Duration d;
        try {
            d = Durations.parse(value.text());
        } catch (IllegalArgumentException e) {
            d = GearmanSettings.converted(converted, value.key(), Duration.class).filter(c -> !c.isNegative())
                    .orElse(null);
            if (d == null) {
                problems.add("configuration " + value.key() + "='" + value.text() + "' is invalid: " + e.getMessage());
                return Durations.parse(annotated);
            }
        }
        if (!positive || !d.isZero()) {
            return d;
        }
        problems.add("configuration " + value.key() + "='" + value.text() + "' is invalid: must be longer than zero");
        return Durations.parse(annotated);
    }

    /** @return whether a failure of this type is retried (when attempts remain) */
    public boolean retries(Throwable failure) {
        if (abortOn.stream().anyMatch(t -> t.isInstance(failure))) {
            return false;
        }
        return retryOn.isEmpty() || retryOn.stream().anyMatch(t -> t.isInstance(failure));
    }

    /** @return the worker's policy for these settings (without codec and final-failure handler) */
    RetryPolicy.Builder policy() {
        return RetryPolicy.builder().retries(retries).backoff(backoff, maxBackoff).retryOn(this::retries);
    }
}
