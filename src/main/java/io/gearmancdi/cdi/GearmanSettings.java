package io.gearmancdi.cdi;

import io.gearmancdi.JobNameMapper;
import io.gearmancdi.ServerAddress;
import io.gearmancdi.client.ClientOptions;
import io.gearmancdi.worker.WorkerOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The configuration of gearman-cdi (DESIGN §7), read once at deployment from MicroProfile Config and validated: every
 * bad value becomes a problem naming its key.
 *
 * @param servers           {@code gearman.servers}
 * @param serversConfigured whether {@code gearman.servers} was set (else the embedded server, if enabled, is used)
 * @param workerEnabled     {@code gearman.worker.enabled}
 * @param workerCount       {@code gearman.worker.count}
 * @param workerJobs        {@code gearman.worker.jobs}, or {@code null} for every job
 * @param shutdownTimeout   {@code gearman.worker.shutdown-timeout}
 * @param jobNamePrefix     {@code gearman.job-name.prefix}, or {@code null} for the working directory's CRC32
 * @param clientTimeout     {@code gearman.client.timeout}
 * @param clientMaxRetries  {@code gearman.client.max-retries}
 * @param clientSubmitTimeout {@code gearman.client.submit-timeout}
 * @param clientStatusTimeout {@code gearman.client.status-timeout}
 * @param embeddedEnabled   {@code gearman.embedded-server.enabled}
 * @param embeddedPort      {@code gearman.embedded-server.port}
 */
public record GearmanSettings(List<ServerAddress> servers, boolean serversConfigured, boolean workerEnabled,
                              int workerCount, Set<String> workerJobs, Duration shutdownTimeout, String jobNamePrefix,
                              Duration clientTimeout, int clientMaxRetries, Duration clientSubmitTimeout,
                              Duration clientStatusTimeout, boolean embeddedEnabled,
                              int embeddedPort) {
    /** Key of the server list. */
    public static final String SERVERS = "gearman.servers";
    /** Key of the worker switch. */
    public static final String WORKER_ENABLED = "gearman.worker.enabled";
    /** Key of the worker connections per server. */
    public static final String WORKER_COUNT = "gearman.worker.count";
    /** Key of the list of logical names this instance serves. */
    public static final String WORKER_JOBS = "gearman.worker.jobs";
    /** Key of the drain bound. */
    public static final String WORKER_SHUTDOWN_TIMEOUT = "gearman.worker.shutdown-timeout";
    /** Key of the job name prefix. */
    public static final String JOB_NAME_PREFIX = "gearman.job-name.prefix";
    /** Key of the foreground call timeout. */
    public static final String CLIENT_TIMEOUT = "gearman.client.timeout";
    /** Key of the client's resubmissions. */
    public static final String CLIENT_MAX_RETRIES = "gearman.client.max-retries";
    /** Key of how long a background submission waits for the server to queue the job. */
    public static final String CLIENT_SUBMIT_TIMEOUT = "gearman.client.submit-timeout";
    /** Key of how long a status query waits for its answer. */
    public static final String CLIENT_STATUS_TIMEOUT = "gearman.client.status-timeout";
    /** Key of the embedded server switch. */
    public static final String EMBEDDED_ENABLED = "gearman.embedded-server.enabled";
    /** Key of the embedded server port. */
    public static final String EMBEDDED_PORT = "gearman.embedded-server.port";
    /** The value of {@link #JOB_NAME_PREFIX} that leaves names unchanged. */
    public static final String PREFIX_NONE = "none";
    /** Default embedded server port. */
    public static final int DEFAULT_EMBEDDED_PORT = 4730;

    /** The defaults of DESIGN §7. */
    public static GearmanSettings defaults() {
        return read(key -> Optional.empty(), new ArrayList<>());
    }

    /**
     * Reads the settings.
     *
     * @param source   the value of a key, empty when unset (MicroProfile Config treats an empty value as unset)
     * @param problems receives one sentence per bad value, naming its key
     * @return the settings, with defaults in place of bad values
     */
    public static GearmanSettings read(Function<String, Optional<String>> source, List<String> problems) {
        Reader r = new Reader(source, problems);
        List<ServerAddress> servers = ClientOptions.DEFAULT_SERVERS;
        Optional<String> serversText = r.get(SERVERS);
        if (serversText.isPresent()) {
            try {
                servers = ServerAddress.parseList(serversText.get());
            } catch (IllegalArgumentException e) {
                r.bad(SERVERS, serversText.get(), e.getMessage() + " (expected host:port,host:port)");
            }
        }
        boolean workerEnabled = r.bool(WORKER_ENABLED, true);
        int count = r.integer(WORKER_COUNT, WorkerOptions.DEFAULT_CONNECTIONS_PER_SERVER, 1, 1024);
        Set<String> jobs = null;
        Optional<String> jobsText = r.get(WORKER_JOBS);
        if (jobsText.isPresent()) {
            jobs = new LinkedHashSet<>();
            for (String name : jobsText.get().split(",")) {
                if (!name.isBlank()) {
                    jobs.add(name.trim());
                }
            }
            jobs = Set.copyOf(jobs);
        }
        Duration shutdown = r.duration(WORKER_SHUTDOWN_TIMEOUT, WorkerOptions.DEFAULT_SHUTDOWN_TIMEOUT, true);
        String prefix = r.get(JOB_NAME_PREFIX).map(String::trim).orElse(null);
        if (prefix != null && (prefix.isEmpty() || prefix.chars().anyMatch(c -> c <= ' '))) {
            r.bad(JOB_NAME_PREFIX, prefix, "a prefix must not contain whitespace");
            prefix = null;
        }
        Duration clientTimeout = r.duration(CLIENT_TIMEOUT, ClientOptions.DEFAULT_TIMEOUT, false);
        int retries = r.integer(CLIENT_MAX_RETRIES, ClientOptions.DEFAULT_MAX_RETRIES, 0, 1000);
        Duration submitTimeout = r.duration(CLIENT_SUBMIT_TIMEOUT, ClientOptions.DEFAULT_SUBMIT_TIMEOUT, false);
        Duration statusTimeout = r.duration(CLIENT_STATUS_TIMEOUT, ClientOptions.DEFAULT_STATUS_TIMEOUT, false);
        boolean embedded = r.bool(EMBEDDED_ENABLED, false);
        int port = r.integer(EMBEDDED_PORT, DEFAULT_EMBEDDED_PORT, 0, 65535);
        return new GearmanSettings(servers, serversText.isPresent(), workerEnabled, count, jobs, shutdown, prefix,
                clientTimeout, retries, submitTimeout, statusTimeout, embedded, port);
    }

    /** @return the mapper configured by {@code gearman.job-name.prefix} */
    public JobNameMapper configuredMapper() {
        if (jobNamePrefix == null) {
            return JobNameMapper.workingDirectory();
        }
        if (jobNamePrefix.toLowerCase(Locale.ROOT).equals(PREFIX_NONE)) {
            return JobNameMapper.unchanged();
        }
        return JobNameMapper.prefix(jobNamePrefix);
    }

    /** @return the same settings with other servers */
    public GearmanSettings withServers(List<ServerAddress> otherServers) {
        return new GearmanSettings(List.copyOf(otherServers), true, workerEnabled, workerCount, workerJobs,
                shutdownTimeout, jobNamePrefix, clientTimeout, clientMaxRetries, clientSubmitTimeout,
                clientStatusTimeout, embeddedEnabled, embeddedPort);
    }

    /** @return client options for these settings */
    public ClientOptions clientOptions() {
        return ClientOptions.builder().servers(servers).timeout(clientTimeout).maxRetries(clientMaxRetries)
                .submitTimeout(clientSubmitTimeout).statusTimeout(clientStatusTimeout).build();
    }

    private static final class Reader {
        private final Function<String, Optional<String>> source;
        private final List<String> problems;

        Reader(Function<String, Optional<String>> source, List<String> problems) {
            this.source = source;
            this.problems = problems;
        }

        Optional<String> get(String key) {
            return source.apply(key).filter(v -> !v.isEmpty());
        }

        void bad(String key, String value, String why) {
            problems.add("configuration " + key + "='" + value + "' is invalid: " + why);
        }

        boolean bool(String key, boolean defaultValue) {
            Optional<String> value = get(key);
            if (value.isEmpty()) {
                return defaultValue;
            }
            switch (value.get().trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "1", "y":
                    return true;
                case "false", "no", "off", "0", "n":
                    return false;
                default:
                    bad(key, value.get(), "expected true or false");
                    return defaultValue;
            }
        }

        int integer(String key, int defaultValue, int min, int max) {
            Optional<String> value = get(key);
            if (value.isEmpty()) {
                return defaultValue;
            }
            try {
                int n = Integer.parseInt(value.get().trim());
                if (n < min || n > max) {
                    bad(key, value.get(), "expected a whole number from " + min + " to " + max);
                    return defaultValue;
                }
                return n;
            } catch (NumberFormatException e) {
                bad(key, value.get(), "expected a whole number from " + min + " to " + max);
                return defaultValue;
            }
        }

        Duration duration(String key, Duration defaultValue, boolean zeroAllowed) {
            Optional<String> value = get(key);
            if (value.isEmpty()) {
                return defaultValue;
            }
            try {
                Duration d = Durations.parse(value.get());
                if (d.isZero() && !zeroAllowed) {
                    bad(key, value.get(), "must be longer than zero");
                    return defaultValue;
                }
                return d;
            } catch (IllegalArgumentException e) {
                bad(key, value.get(), e.getMessage());
                return defaultValue;
            }
        }
    }
}
