package io.gearmancdi.health;

import io.gearmancdi.GearmanException;
import io.gearmancdi.ServerAddress;
import io.gearmancdi.admin.AdminClient;
import io.gearmancdi.admin.FunctionStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Asks every job server for its admin {@code version} and {@code status}, on one bounded connection each, at most
 * once per interval: the readiness check, the server gauges of the metrics and the dashboard share the samples, so
 * probes, scrapes and open dashboards never hammer the servers, and nothing of this runs on the job path.
 *
 * <p><b>Concurrency.</b> Thread-safe; callers arriving while a sample is taken wait for it.
 */
public final class ServerSampler {
    /** Default minimum time between two samples of one server. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);
    /** Default bound of one admin round trip (connect, then the reply). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    /**
     * One sample of one server.
     *
     * @param server   the server
     * @param version  its {@code version}, or {@code null} if it could not be reached
     * @param status   its {@code status} lines, or {@code null} if it could not be reached
     * @param failure  why it could not be reached, or {@code null}
     * @param takenAt  {@link System#nanoTime()} of the sample
     */
    public record Sample(ServerAddress server, String version, List<FunctionStatus> status, String failure,
                         long takenAt) {
        /** @return whether the server answered */
        public boolean reachable() {
            return status != null;
        }
    }

    private final List<ServerAddress> servers;
    private final Duration interval;
    private final Duration timeout;
    private final Map<ServerAddress, Sample> samples = new LinkedHashMap<>(); // guarded by this

    /**
     * @param servers  the servers to sample
     * @param interval minimum time between two samples of a server
     * @param timeout  bound of one round trip
     */
    public ServerSampler(List<ServerAddress> servers, Duration interval, Duration timeout) {
        this.servers = List.copyOf(servers);
        this.interval = interval;
        this.timeout = timeout;
    }

    /** @return the servers sampled */
    public List<ServerAddress> servers() {
        return servers;
    }

    /** @return a sample of every server, at most {@code interval} old, in the configured order */
    public synchronized List<Sample> sample() {
        long now = System.nanoTime();
        List<Sample> result = new ArrayList<>(servers.size());
        for (ServerAddress server : servers) {
            Sample last = samples.get(server);
            if (last == null || now - last.takenAt() >= interval.toNanos()) {
                last = take(server);
                samples.put(server, last);
            }
            result.add(last);
        }
        return result;
    }

    private Sample take(ServerAddress server) {
        try (AdminClient admin = AdminClient.connect(server, timeout)) {
            String version = admin.version();
            return new Sample(server, version, admin.status(), null, System.nanoTime());
        } catch (GearmanException e) {
            String why = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
            return new Sample(server, null, null, why, System.nanoTime());
        }
    }
}
