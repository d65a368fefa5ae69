package io.gearmancdi.bench;

import io.gearmancdi.JobOutcome.State;
import io.gearmancdi.store.JobRecord;
import io.gearmancdi.store.internal.ConnectionSource;
import io.gearmancdi.store.internal.JdbcJobStore;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The job record store on its own (issue 15): what writing the records of background jobs costs, without a job
 * server, client or worker competing for the CPU. Two {@link JdbcJobStore}s stand for the two processes that write a
 * background job's record — the client ({@code QUEUED}) and the worker ({@code RUNNING}, then {@code SUCCEEDED}) —
 * and receive the changes of {@code --rate} jobs per second (0: as fast as the writers take them) for
 * {@code --seconds}. Prints per rate: jobs/s offered and written, the largest backlog of the writers, the time to
 * write what was left when the load stopped, and the CPU per job of this JVM (the writer threads and the load) and of
 * the PostgreSQL server processes (from /proc, given the postmaster's process id {@code --pg-pid}).
 *
 * <pre>
 * java -cp "$(cat bench/java/target/classpath.txt)" io.gearmancdi.bench.StoreMain --jdbc-url URL [--user U]
 *      [--rates 1000,5000,0] [--seconds 10] [--payload 100] [--pg-pid PID]
 * </pre>
 */
public final class StoreMain {
    private StoreMain() {
    }

    public static void main(String[] args) throws Exception {
        String url = null;
        String user = "postgres";
        List<Integer> rates = List.of(1000, 5000, 0);
        double seconds = 10;
        int payload = 100;
        long pgPid = -1;
        for (int k = 0; k < args.length; k++) {
            switch (args[k]) {
                case "--jdbc-url" -> url = args[++k];
                case "--user" -> user = args[++k];
                case "--rates" -> rates = Stream.of(args[++k].split(",")).map(Integer::valueOf).toList();
                case "--seconds" -> seconds = Double.parseDouble(args[++k]);
                case "--payload" -> payload = Integer.parseInt(args[++k]);
                case "--pg-pid" -> pgPid = Long.parseLong(args[++k]);
                default -> throw new IllegalArgumentException("unknown option " + args[k]);
            }
        }
        if (url == null) {
            throw new IllegalArgumentException("--jdbc-url is required");
        }
        String text = "\"" + "x".repeat(payload) + "\"";
        System.out.printf(Locale.ROOT, "%-8s %10s %10s %10s %10s %12s %12s%n", "rate", "offered/s", "written/s",
                "backlog", "drain_ms", "jvm_us/job", "pg_us/job");
        for (int rate : rates) {
            run(url, user, rate, seconds, text, pgPid);
        }
    }

    private static void run(String url, String user, int rate, double seconds, String payloadJson, long pgPid) throws Exception {
        JdbcJobStore.Options options = JdbcJobStore.Options.defaults();
        try (JdbcJobStore client = new JdbcJobStore(ConnectionSource.of(url, user, ""), options);
             JdbcJobStore worker = new JdbcJobStore(ConnectionSource.of(url, user, ""), options)) {
            // the table exists before the clock starts
            client.write(record(UUID.randomUUID().toString(), State.QUEUED, payloadJson, null));
            client.flush(Duration.ofSeconds(30));
            long jvmCpu0 = jvmCpuNanos();
            long pgCpu0 = postgresCpuTicks(pgPid);
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            long jobs = 0;
            int backlog = 0;
            List<String> running = new ArrayList<>();
            while (System.nanoTime() < end) {
                long due = rate == 0 ? jobs + 1000 : (System.nanoTime() - start) * rate / 1_000_000_000L;
                if (jobs >= due) {
                    Thread.sleep(1);
                    continue;
                }
                // the worker ends the jobs the client queued in the previous round, as a queue a few ms long would
                for (String unique : running) {
                    worker.write(record(unique, State.RUNNING, null, null));
                    worker.write(record(unique, State.SUCCEEDED, null, payloadJson));
                }
                running.clear();
                for (; jobs < due && running.size() < 1000; jobs++) {
                    String unique = UUID.randomUUID().toString();
                    client.write(record(unique, State.QUEUED, payloadJson, null));
                    running.add(unique);
                }
                int queued = client.queued() + worker.queued();
                backlog = Math.max(backlog, queued);
                while (rate == 0 && queued > 20_000 && System.nanoTime() < end) {
                    Thread.sleep(1); // as fast as the writers take them: let them catch up rather than drop
                    queued = client.queued() + worker.queued();
                }
            }
            for (String unique : running) {
                worker.write(record(unique, State.RUNNING, null, null));
                worker.write(record(unique, State.SUCCEEDED, null, payloadJson));
            }
            long loadEnd = System.nanoTime();
            client.flush(Duration.ofMinutes(5));
            worker.flush(Duration.ofMinutes(5));
            long written = System.nanoTime();
            double jvmUs = (jvmCpuNanos() - jvmCpu0) / 1e3 / jobs;
            long pgTicks = postgresCpuTicks(pgPid) - pgCpu0;
            double pgUs = pgCpu0 <= 0 ? Double.NaN : pgTicks * (1e6 / 100) / jobs; // USER_HZ is 100 on Linux
            System.out.printf(Locale.ROOT, "%-8s %10.0f %10.0f %10d %10d %12.1f %12.1f%n",
                    rate == 0 ? "max" : Integer.toString(rate), jobs / ((loadEnd - start) / 1e9),
                    jobs / ((written - start) / 1e9), backlog, TimeUnit.NANOSECONDS.toMillis(written - loadEnd),
                    jvmUs, pgUs);
        }
    }

    private static JobRecord record(String unique, State state, String payload, String result) {
        Instant now = Instant.now();
        boolean queued = state == State.QUEUED;
        return new JobRecord(unique, queued ? "127.0.0.1:4730" : null, queued ? "H:bench:" + unique : null,
                "bench-echo", "bench-echo", state, state == State.QUEUED ? null : 1, null, null, payload, result, null,
                null, state == State.RUNNING ? "bench/1" : null, queued ? now : null,
                state == State.RUNNING ? now : null, state == State.SUCCEEDED ? now : null, null, now);
    }

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** @return user+system clock ticks of the postmaster {@code --pg-pid} and its children, or -1 without it */
    private static long postgresCpuTicks(long postmaster) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            long ticks = 0;
            for (Path p : (Iterable<Path>) procs::iterator) {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    String[] f = stat.substring(close + 2).split(" ");
                    long pid = Long.parseLong(p.getFileName().toString());
                    if (postmaster < 0 || pid != postmaster && Long.parseLong(f[1]) != postmaster) {
                        continue;
                    }
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13])
                            + Long.parseLong(f[14]);
                } catch (IOException | RuntimeException e) {
                    // not a process, or it ended meanwhile
                }
            }
            return ticks;
        } catch (IOException e) {
            return -1;
        }
    }
}
