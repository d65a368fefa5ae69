package io.gearmancdi.dashboard.internal;

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
 * Asks every job server for its {@code version} and {@code status} over the admin protocol, at most once per
 * interval whatever the number of open dashboards, each round trip bounded.
 *
 * <p><b>Concurrency.</b> Thread-safe; callers arriving while a sample is taken wait for it.
 */
public final class ServerView {
    /**
     * One server as last seen.
     *
     * @param server    the server
     * @param version   its version, or {@code null} when unreachable
     * @param functions its {@code status} lines, empty when unreachable
     * @param failure   why it could not be reached, or {@code null}
     * @param takenAt   {@link System#nanoTime()} of the sample
     */
    public record Sample(ServerAddress server, String version, List<FunctionStatus> functions, String failure,
                         long takenAt) {
        /** @return whether the server answered */
        public boolean reachable() {
            return failure == null;
        }
    }

    private final List<ServerAddress> servers;
    private final Duration interval;
    private final Duration timeout;
    private final Map<ServerAddress, Sample> samples = new LinkedHashMap<>(); // guarded by this

    /**
     * @param servers  the servers
     * @param interval least time between two samples of a server
     * @param timeout  bound of one round trip
     */
    public ServerView(List<ServerAddress> servers, Duration interval, Duration timeout) {
        this.servers = List.copyOf(servers);
        this.interval = interval;
        this.timeout = timeout;
    }

    /** @return every server, at most one interval old, in the configured order */
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
            return new Sample(server, null, List.of(), why, System.nanoTime());
        }
    }
}
