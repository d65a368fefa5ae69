package io.gearmancdi.cdi;

import io.gearmancdi.JobNameMapper;
import io.gearmancdi.ServerAddress;
import io.gearmancdi.client.ClientOptions;
import io.gearmancdi.server.EmbeddedGearmanServer;
import io.gearmancdi.json.JsonLimits;
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
 * The configuration of gearman-cdi (keys in docs/cdi.md §5), read once at deployment from MicroProfile Config and validated: every
 * bad value becomes a problem naming its key.
 *
 * @param servers           {@code gearman.servers}
 * @param serversConfigured whether {@code gearman.servers} was set (else the embedded server, if enabled, is used)
 * @param workerEnabled     {@code gearman.worker.enabled}
 * @param workerCount       {@code gearman.worker.count}
 * @param workerJobs        {@code gearman.worker.jobs}, or {@code null} for every job
 * @param shutdownTimeout   {@code gearman.worker.shutdown-timeout}
 * @param pollInterval      {@code gearman.worker.poll-interval}
 * @param jobNamePrefix     {@code gearman.job-name.prefix}, or {@code null} for the working directory's CRC32
 * @param clientTimeout     {@code gearman.client.timeout}
 * @param clientMaxRetries  {@code gearman.client.max-retries}
 * @param clientSubmitTimeout {@code gearman.client.submit-timeout}
 * @param clientStatusTimeout {@code gearman.client.status-timeout}
 * @param embeddedEnabled   {@code gearman.embedded-server.enabled}
 * @param embeddedPort      {@code gearman.embedded-server.port}
 * @param jsonLimits        {@code gearman.json.max-size} and {@code gearman.json.max-depth}
 * @param metricsEnabled    {@code gearman.metrics.enabled}
 * @param clientCompletesOnReader {@code gearman.client.complete-on-reader}
 */
public record GearmanSettings(List<ServerAddress> servers, boolean serversConfigured, boolean workerEnabled,
                              int workerCount, Set<String> workerJobs, Duration shutdownTimeout, Duration pollInterval,
                              String jobNamePrefix, Duration clientTimeout, int clientMaxRetries,
                              Duration clientSubmitTimeout, Duration clientStatusTimeout, boolean embeddedEnabled,
                              int embeddedPort, JsonLimits jsonLimits, boolean metricsEnabled,
                              boolean clientCompletesOnReader) {
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
    /** Key of the idle re-poll interval (how late a delayed job may run at most, on gearmand). */
    public static final String WORKER_POLL_INTERVAL = "gearman.worker.poll-interval";
    /** Key of the job name prefix. */
    public static final String JOB_NAME_PREFIX = "gearman.job-name.prefix";
    /** Key of the foreground call timeout. */
    public static final String CLIENT_TIMEOUT = "gearman.client.timeout";
    /** Key of the client's resubmissions. */
    public static final String CLIENT_MAX_RETRIES = "gearman.client.max-retries";
    /** Key of how long a background submission waits for the server to queue the job. */
    public static final String CLIENT_SUBMIT_TIMEOUT = "gearman.client.submit-timeout";
    /**
     * Key of the switch that completes the client's futures on its connection readers instead of handing them to an
     * executor: faster, for callbacks that never block (docs/client.md).
     */
    public static final String CLIENT_COMPLETE_ON_READER = "gearman.client.complete-on-reader";
    /** Key of how long a status query waits for its answer. */
    public static final String CLIENT_STATUS_TIMEOUT = "gearman.client.status-timeout";
    /** Key of the embedded server switch. */
    public static final String EMBEDDED_ENABLED = "gearman.embedded-server.enabled";
    /** Key of the embedded server port. */
    public static final String EMBEDDED_PORT = "gearman.embedded-server.port";
    /** Key of the largest JSON payload or result read, in bytes. */
    public static final String JSON_MAX_SIZE = "gearman.json.max-size";
    /** Key of the deepest nesting of arrays and objects in one argument or result. */
    public static final String JSON_MAX_DEPTH = "gearman.json.max-depth";
    /** Key of the metrics switch: whether the job path feeds the metrics (a few atomic increments per job). */
    public static final String METRICS_ENABLED = "gearman.metrics.enabled";
    /** The value of {@link #JOB_NAME_PREFIX} that leaves names unchanged. */
    public static final String PREFIX_NONE = "none";
    /** Default embedded server port. */
    public static final int DEFAULT_EMBEDDED_PORT = ServerAddress.DEFAULT_PORT;
    /** Key of the embedded server's queue limit per function. */
    public static final String EMBEDDED_MAX_QUEUE = "gearman.embedded-server.max-queue";
    /** Key of the embedded server's bound of the memory all jobs take. */
    public static final String EMBEDDED_MAX_QUEUE_BYTES = "gearman.embedded-server.max-queue-bytes";
    /** Key of the embedded server's largest request body. */
    public static final String EMBEDDED_MAX_PACKET_SIZE = "gearman.embedded-server.max-packet-size";
    /** Key of the embedded server's admin {@code shutdown} switch. */
    public static final String EMBEDDED_ALLOW_ADMIN_SHUTDOWN = "gearman.embedded-server.allow-admin-shutdown";

    /**
     * What MicroProfile Config converts a key's value to: {@code config::getOptionalValue}. The settings parse their
     * own forms first (so that every documented value means what it always meant, and a bad one gets its message
     * naming the key); a value they do not understand goes to the configuration's converters, so that an application's
     * own {@code Converter} of {@code Duration}, {@code Integer}, {@code Long} or {@code ServerAddress} is honoured.
     * Booleans are not: MicroProfile's built-in converter reads every unknown word as {@code false}.
     */
    @FunctionalInterface
    public interface Converted {
        /** No converters: only the settings' own forms. */
        Converted NONE = new Converted() {
            @Override
            public <T> Optional<T> value(String key, Class<T> type) {
                return Optional.empty();
            }
        };

        /**
         * @return the value of {@code key} converted to {@code type}, empty when unset
         * @throws RuntimeException when no converter applies or the converter refuses the value
         */
        <T> Optional<T> value(String key, Class<T> type);
    }

    /** The defaults of docs/cdi.md §5. */
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
        return read(source, Converted.NONE, problems);
    }

    /**
     * Reads the settings, handing values that are none of the settings' own forms to {@code converted}.
     *
     * @param source    the value of a key, empty when unset (MicroProfile Config treats an empty value as unset)
     * @param converted the configuration's converters (see {@link Converted})
     * @param problems  receives one sentence per bad value, naming its key
     * @return the settings, with defaults in place of bad values
     */
    public static GearmanSettings read(Function<String, Optional<String>> source, Converted converted,
                                       List<String> problems) {
        Reader r = new Reader(source, converted, problems);
        List<ServerAddress> servers = ClientOptions.DEFAULT_SERVERS;
        Optional<String> serversText = r.get(SERVERS);
        if (serversText.isPresent()) {
            try {
                servers = ServerAddress.parseList(serversText.get());
            } catch (IllegalArgumentException e) {
                Optional<ServerAddress[]> own = r.converted(SERVERS, ServerAddress[].class);
                if (own.isPresent() && own.get().length > 0) {
                    servers = List.of(own.get());
                } else {
                    r.bad(SERVERS, serversText.get(), e.getMessage() + " (expected host:port,host:port)");
                }
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
        Duration pollInterval = r.duration(WORKER_POLL_INTERVAL, WorkerOptions.DEFAULT_POLL_INTERVAL, false);
        String prefixText = r.get(JOB_NAME_PREFIX).orElse(null);
        String prefix = prefixText == null ? null : prefixText.trim();
        if (prefix != null && (prefix.isEmpty() || prefix.chars().anyMatch(c -> c <= ' '))) {
            // report the value as given: a blank one trimmed to '' would look like an unset key
            r.bad(JOB_NAME_PREFIX, prefixText, prefix.isEmpty()
                    ? "a prefix must not be blank (leave the key out for the default, or use " + PREFIX_NONE
                            + " for unchanged names)"
                    : "a prefix must not contain whitespace");
            prefix = null;
        }
        Duration clientTimeout = r.duration(CLIENT_TIMEOUT, ClientOptions.DEFAULT_TIMEOUT, false);
        int retries = r.integer(CLIENT_MAX_RETRIES, ClientOptions.DEFAULT_MAX_RETRIES, 0, 1000);
        Duration submitTimeout = r.duration(CLIENT_SUBMIT_TIMEOUT, ClientOptions.DEFAULT_SUBMIT_TIMEOUT, false);
        Duration statusTimeout = r.duration(CLIENT_STATUS_TIMEOUT, ClientOptions.DEFAULT_STATUS_TIMEOUT, false);
        boolean embedded = r.bool(EMBEDDED_ENABLED, false);
        int port = r.integer(EMBEDDED_PORT, DEFAULT_EMBEDDED_PORT, 0, 65535);
        JsonLimits json = JsonLimits.builder()
                .maxSize(r.integer(JSON_MAX_SIZE, JsonLimits.DEFAULT_MAX_SIZE, 1, Integer.MAX_VALUE))
                .maxDepth(r.integer(JSON_MAX_DEPTH, JsonLimits.DEFAULT_MAX_DEPTH, 1, JsonLimits.MAX_DEPTH_CEILING))
                .build();
        boolean metrics = r.bool(METRICS_ENABLED, true);
        boolean onReader = r.bool(CLIENT_COMPLETE_ON_READER, false);
        return new GearmanSettings(servers, serversText.isPresent(), workerEnabled, count, jobs, shutdown,
                pollInterval, prefix, clientTimeout, retries, submitTimeout, statusTimeout, embedded, port, json,
                metrics, onReader);
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
                shutdownTimeout, pollInterval, jobNamePrefix, clientTimeout, clientMaxRetries, clientSubmitTimeout,
                clientStatusTimeout, embeddedEnabled, embeddedPort, jsonLimits, metricsEnabled, clientCompletesOnReader);
    }

    /** @return client options for these settings */
    public ClientOptions clientOptions() {
        return ClientOptions.builder().servers(servers).timeout(clientTimeout).maxRetries(clientMaxRetries)
                .submitTimeout(clientSubmitTimeout).statusTimeout(clientStatusTimeout).build();
    }

    /**
     * The embedded server's limits ({@code gearman.embedded-server.max-queue}, {@code .max-queue-bytes},
     * {@code .max-packet-size}, {@code .allow-admin-shutdown}); unset keys keep the server's own defaults.
     *
     * @param maxQueue           jobs per function before {@code QUEUE_ERROR}, 0 = unlimited, or null for the default
     * @param maxQueueBytes      memory of all jobs before {@code QUEUE_ERROR}, 0 = unlimited, or null for the default
     * @param maxPacketSize      largest request body, or null for the default
     * @param allowAdminShutdown whether the admin {@code shutdown} command stops the server
     */
    public record EmbeddedServerLimits(Integer maxQueue, Long maxQueueBytes, Integer maxPacketSize,
                                       boolean allowAdminShutdown) {
        /** @return {@code builder} with these limits set */
        public EmbeddedGearmanServer.Builder applyTo(EmbeddedGearmanServer.Builder builder) {
            if (maxQueue != null) {
                builder.maxQueue(maxQueue);
            }
            if (maxQueueBytes != null) {
                builder.maxQueueBytes(maxQueueBytes);
            }
            if (maxPacketSize != null) {
                builder.maxPacketSize(maxPacketSize);
            }
            return builder.adminShutdown(allowAdminShutdown);
        }
    }

    /**
     * Reads the embedded server's limits, kept apart from the record so that they are read only where the server is.
     *
     * @param source   as for {@link #read}
     * @param problems receives one sentence per bad value, naming its key
     */
    public static EmbeddedServerLimits readEmbeddedServerLimits(Function<String, Optional<String>> source,
                                                                List<String> problems) {
        return readEmbeddedServerLimits(source, Converted.NONE, problems);
    }

    /** As {@link #readEmbeddedServerLimits(Function, List)}, with the configuration's converters (see {@link Converted}). */
    public static EmbeddedServerLimits readEmbeddedServerLimits(Function<String, Optional<String>> source,
                                                                Converted converted, List<String> problems) {
        Reader r = new Reader(source, converted, problems);
        Integer maxQueue = r.get(EMBEDDED_MAX_QUEUE).isPresent()
                ? r.integer(EMBEDDED_MAX_QUEUE, EmbeddedGearmanServer.Builder.DEFAULT_MAX_QUEUE, 0, Integer.MAX_VALUE)
                : null;
        Long maxQueueBytes = r.get(EMBEDDED_MAX_QUEUE_BYTES).isPresent()
                ? r.bytes(EMBEDDED_MAX_QUEUE_BYTES, 0) : null;
        Long packetBytes = r.get(EMBEDDED_MAX_PACKET_SIZE).isPresent() ? r.bytes(EMBEDDED_MAX_PACKET_SIZE, 1) : null;
        Integer maxPacketSize = packetBytes == null ? null : (int) Math.min(Integer.MAX_VALUE - 64, packetBytes);
        boolean allowShutdown = r.bool(EMBEDDED_ALLOW_ADMIN_SHUTDOWN, false);
        return new EmbeddedServerLimits(maxQueue, maxQueueBytes, maxPacketSize, allowShutdown);
    }

    /** Key of the job record store switch. */
    public static final String STORE_ENABLED = "gearman.store.enabled";
    /** Key of the JNDI name of the store's data source. */
    public static final String STORE_DATASOURCE = "gearman.store.datasource";
    /** Key of the store's JDBC URL (without JNDI: Weld SE, GearmanWorkerMain). */
    public static final String STORE_JDBC_URL = "gearman.store.jdbc-url";
    /** Key of the store's JDBC user. */
    public static final String STORE_JDBC_USER = "gearman.store.jdbc-user";
    /** Key of the store's JDBC password. */
    public static final String STORE_JDBC_PASSWORD = "gearman.store.jdbc-password";
    /** Key of how long final job records are kept. */
    public static final String STORE_RETENTION = "gearman.store.retention";
    /** Key of whether request payloads are stored. */
    public static final String STORE_PAYLOADS = "gearman.store.payloads";
    /** Key of the store's table name. */
    public static final String STORE_TABLE = "gearman.store.table";
    /** The data source the store uses in a container unless told otherwise. */
    public static final String DEFAULT_STORE_DATASOURCE = "java:comp/DefaultDataSource";

    /**
     * The job record store's settings ({@code gearman.store.*}), kept apart from the record so that only the store
     * reads them.
     *
     * @param enabled      {@code gearman.store.enabled}
     * @param datasource   {@code gearman.store.datasource}, the JNDI name (used when no JDBC URL is set)
     * @param jdbcUrl      {@code gearman.store.jdbc-url}, or {@code null}
     * @param jdbcUser     {@code gearman.store.jdbc-user}, or {@code null}
     * @param jdbcPassword {@code gearman.store.jdbc-password}, or {@code null}
     * @param retention    {@code gearman.store.retention}
     * @param payloads     {@code gearman.store.payloads}
     * @param table        {@code gearman.store.table}
     */
    public record StoreSettings(boolean enabled, String datasource, String jdbcUrl, String jdbcUser,
                                String jdbcPassword, Duration retention, boolean payloads, String table) {
        @Override
        public String toString() { // never the password
            return "StoreSettings[enabled=" + enabled + ", datasource=" + datasource + ", jdbcUrl=" + jdbcUrl
                    + ", table=" + table + ", retention=" + retention + ", payloads=" + payloads + "]";
        }
    }

    /**
     * Reads the job record store's settings.
     *
     * @param source    as for {@link #read}
     * @param converted the configuration's converters (see {@link Converted})
     * @param problems  receives one sentence per bad value, naming its key
     */
    public static StoreSettings readStoreSettings(Function<String, Optional<String>> source, Converted converted,
                                                  List<String> problems) {
        Reader r = new Reader(source, converted, problems);
        boolean enabled = r.bool(STORE_ENABLED, false);
        String datasource = r.get(STORE_DATASOURCE).map(String::trim).orElse(DEFAULT_STORE_DATASOURCE);
        String url = r.get(STORE_JDBC_URL).map(String::trim).orElse(null);
        if (url != null && !url.startsWith("jdbc:")) {
            r.bad(STORE_JDBC_URL, url, "a JDBC URL starts with jdbc:, e.g. jdbc:postgresql://db:5432/app");
            url = null;
        }
        String user = r.get(STORE_JDBC_USER).orElse(null);
        String password = r.get(STORE_JDBC_PASSWORD).orElse(null);
        Duration retention = r.duration(STORE_RETENTION, Duration.ofDays(7), false);
        boolean payloads = r.bool(STORE_PAYLOADS, true);
        String table = r.get(STORE_TABLE).map(String::trim).orElse("gearman_job");
        if (!table.matches("[A-Za-z_][A-Za-z0-9_]{0,54}")) {
            r.bad(STORE_TABLE, table, "expected a plain SQL name: letters, digits and underscores, at most 55 "
                    + "characters");
            table = "gearman_job";
        }
        return new StoreSettings(enabled, datasource, url, user, password, retention, payloads, table);
    }

    /**
     * @return what the configuration's converters make of a value the library's own forms refused, if anything (the
     *         per-job keys of {@code JobRetry} use it too, so that every key falls back the same way)
     */
    static <T> Optional<T> converted(Converted converters, String key, Class<T> type) {
        try {
            return converters.value(key, type);
        } catch (RuntimeException e) {
            return Optional.empty(); // no converter, or it refused too: the library's own message says what to write
        }
    }

    private static final class Reader {
        private final Function<String, Optional<String>> source;
        private final Converted converters;
        private final List<String> problems;

        Reader(Function<String, Optional<String>> source, Converted converters, List<String> problems) {
            this.source = source;
            this.converters = converters;
            this.problems = problems;
        }

        <T> Optional<T> converted(String key, Class<T> type) {
            return GearmanSettings.converted(converters, key, type);
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
            Integer n;
            try {
                n = Integer.parseInt(value.get().trim());
            } catch (NumberFormatException e) {
                n = converted(key, Integer.class).orElse(null);
            }
            if (n == null || n < min || n > max) {
                bad(key, value.get(), "expected a whole number from " + min + " to " + max);
                return defaultValue;
            }
            return n;
        }

        /** A byte count: a whole number, optionally with a binary suffix (k, m, g for KiB, MiB, GiB); null if bad. */
        Long bytes(String key, long min) {
            String text = get(key).orElseThrow().trim();
            String digits = text.toLowerCase(Locale.ROOT);
            long unit = 1;
            if (digits.endsWith("k") || digits.endsWith("m") || digits.endsWith("g")) {
                unit = 1L << (10 * ("kmg".indexOf(digits.charAt(digits.length() - 1)) + 1));
                digits = digits.substring(0, digits.length() - 1).trim();
            }
            try {
                long n = Math.multiplyExact(Long.parseLong(digits), unit);
                if (n >= min) {
                    return n;
                }
            } catch (NumberFormatException e) {
                Optional<Long> own = converted(key, Long.class);
                if (own.isPresent() && own.get() >= min) {
                    return own.get();
                }
            } catch (ArithmeticException e) {
                // reported below
            }
            bad(key, text, "expected a number of bytes of at least " + min + ", e.g. 1048576 or 64m");
            return null;
        }

        Duration duration(String key, Duration defaultValue, boolean zeroAllowed) {
            Optional<String> value = get(key);
            if (value.isEmpty()) {
                return defaultValue;
            }
            Duration d;
            try {
                d = Durations.parse(value.get());
            } catch (IllegalArgumentException e) {
                d = converted(key, Duration.class).filter(own -> !own.isNegative()).orElse(null);
                if (d == null) {
                    bad(key, value.get(), e.getMessage());
                    return defaultValue;
                }
            }
            if (d.isZero() && !zeroAllowed) {
                bad(key, value.get(), "must be longer than zero");
                return defaultValue;
            }
            return d;
        }
    }
}
