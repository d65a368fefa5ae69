package io.gearmancdi.se;

import io.gearmancdi.ServerAddress;
import io.gearmancdi.cdi.GearmanExtension;
import io.gearmancdi.cdi.GearmanSettings;
import io.gearmancdi.cdi.DashboardSupport;
import io.gearmancdi.cdi.WorkerManager;
import io.gearmancdi.dashboard.Dashboard;
import io.gearmancdi.dashboard.Permission;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs workers for every {@code @GearmanJob} method on the class path: boots a CDI SE container (Weld SE) with bean
 * discovery, lets the extension start the workers, and serves until it is asked to stop (SIGTERM, Ctrl-C), then drains
 * the jobs in flight (at most {@code gearman.worker.shutdown-timeout}), shuts the container down and exits.
 *
 * <pre>
 * java -cp app.jar:gearman-cdi.jar:&lt;weld-se, smallrye-config, yasson&gt; io.gearmancdi.se.GearmanWorkerMain \
 *      [-w N] [--servers host:port,host:port] [--jobs name,name] [--list]
 *      [--http-port N [--http-host H] [--dashboard-actions]]
 * </pre>
 *
 * <p>{@code --http-port} serves health checks and metrics over HTTP (on {@code --http-host}, default
 * {@code 127.0.0.1}): {@code /health/live}, {@code /health/ready}, {@code /health/started} in MicroProfile Health's JSON
 * format (200 UP, 503 DOWN) and {@code /metrics} in the Prometheus text format, for Kubernetes probes and scrapes, and
 * the dashboard at {@code /gearman/}: read-only unless {@code --dashboard-actions} lets it retry and cancel jobs (anyone
 * who reaches the port may then do so: keep it on loopback or behind an authenticating proxy).
 *
 * <p>Options override the configuration ({@code -w} = {@code gearman.worker.count}, {@code --servers} =
 * {@code gearman.servers}, {@code --jobs} = {@code gearman.worker.jobs}, logical names); everything else comes from
 * MicroProfile Config as usual (system properties, environment, {@code META-INF/microprofile-config.properties}).
 * Workers are always enabled here. {@code --list} prints the jobs it would serve, one line each,
 * {@code <logical name> TAB <name on the job server>}, and exits without connecting. The application's classes must be
 * in a bean archive ({@code META-INF/beans.xml}) and its job beans must have a bean-defining annotation such as
 * {@code @ApplicationScoped}.
 *
 * <p>SIGTERM and SIGINT are handled rather than left to the JVM's shutdown: the drain runs on the main thread while
 * logging still works (java.util.logging closes its handlers in a shutdown hook of its own), so its messages reach the
 * log, and the exit code says how it went.
 *
 * <p>Exit codes:
 * <ul>
 *   <li>{@value #EXIT_OK}: stopped on request and every job in flight finished; also after {@code --help} and
 *   {@code --list};</li>
 *   <li>{@value #EXIT_CANNOT_START}: the application cannot start (deployment error) or has no job to serve;</li>
 *   <li>{@value #EXIT_USAGE}: bad command line;</li>
 *   <li>{@value #EXIT_JOBS_ABANDONED}: stopped on request, but jobs were still running after the shutdown timeout and
 *   were abandoned (the job server hands them to other workers);</li>
 *   <li>{@value #EXIT_FATAL}: the workers failed in a way they cannot survive (logged as GEARMAN-8001).</li>
 * </ul>
 */
public final class GearmanWorkerMain {
    /** Exit code: stopped on request with every job finished, or {@code --help}, {@code --list}. */
    public static final int EXIT_OK = 0;
    /** Exit code: the application cannot start, or has no job to serve. */
    public static final int EXIT_CANNOT_START = 1;
    /** Exit code: bad command line. */
    public static final int EXIT_USAGE = 2;
    /** Exit code: stopped on request, but jobs in flight outlasted the shutdown timeout and were abandoned. */
    public static final int EXIT_JOBS_ABANDONED = 3;
    /** Exit code: the workers failed in a way they cannot survive. */
    public static final int EXIT_FATAL = 4;

    static final String USAGE = "usage: GearmanWorkerMain [-w N] [--servers host:port,...] [--jobs name,...] [--list]\n"
            + "                         [--http-port N [--http-host H] [--dashboard-actions]]\n"
            + "  -w N, --workers N        worker connections per server (gearman.worker.count)\n"
            + "  --servers host:port,...  job servers (gearman.servers)\n"
            + "  --jobs name,...          serve only these jobs, by logical name (gearman.worker.jobs)\n"
            + "  --list                   print the jobs it would serve (logical name, tab, name on the job server)\n"
            + "                           and exit\n"
            + "  --http-port N            serve /health/live, /health/ready, /health/started, /metrics and the\n"
            + "                           dashboard (/gearman/, read-only) over HTTP\n"
            + "  --http-host H            the address the HTTP endpoint binds (default 127.0.0.1)\n"
            + "  --dashboard-actions      let the dashboard retry failed jobs and cancel queued ones\n"
            + "  -h, --help               print this and exit\n"
            + "Stops on SIGTERM or Ctrl-C after draining jobs in flight (gearman.worker.shutdown-timeout).\n"
            + "Exit codes: 0 stopped after every job finished, 1 cannot start or no job, 2 bad command line,\n"
            + "            3 stopped with jobs abandoned after the shutdown timeout, 4 the workers failed";

    /** What a shutdown hook allows beyond the drain for closing the container. */
    private static final Duration HOOK_MARGIN = Duration.ofSeconds(30);

    /** Completed by the first stop request: with {@code null} for a signal, with the failure for a fatal error. */
    private final CompletableFuture<Throwable> stopRequest = new CompletableFuture<>();
    /** Counted down once the container is closed, for a shutdown hook that must not let the JVM halt before. */
    private final CountDownLatch finished = new CountDownLatch(1);
    private final PrintStream out;
    private final PrintStream err;

    private GearmanWorkerMain(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * Parsed command line.
     *
     * @param workers worker connections per server, or {@code null} for the configuration's
     * @param servers the server list, or {@code null} for the configuration's
     * @param jobs    the logical names to serve, comma-separated, or {@code null} for the configuration's
     * @param list    whether to list the jobs and exit
     * @param help    whether help was asked for
     * @param httpPort the port of the HTTP endpoint, or {@code null} for none
     * @param httpHost the address it binds
     * @param dashboardActions whether the dashboard may retry and cancel jobs
     */
    record Options(Integer workers, String servers, String jobs, boolean list, boolean help, Integer httpPort,
                   String httpHost, boolean dashboardActions) {
        /** Default address of the HTTP endpoint: loopback only, unless asked. */
        static final String DEFAULT_HTTP_HOST = "127.0.0.1";

        static Options parse(String... args) {
            Integer workers = null;
            String servers = null;
            String jobs = null;
            boolean list = false;
            boolean help = false;
            Integer httpPort = null;
            String httpHost = null;
            boolean dashboardActions = false;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    value = arg.substring(eq + 1);
                    arg = arg.substring(0, eq);
                }
                switch (arg) {
                    case "-h", "--help" -> help = true;
                    case "--list" -> list = true;
                    case "--dashboard-actions" -> dashboardActions = true;
                    case "-w", "--workers" -> {
                        String n = value != null ? value : next(args, ++i, arg);
                        try {
                            workers = Integer.parseInt(n);
                        } catch (NumberFormatException e) {
                            workers = -1;
                        }
                        if (workers < 1) {
                            throw new IllegalArgumentException(arg + " needs a positive number, not '" + n + "'");
                        }
                    }
                    case "--servers" -> {
                        servers = value != null ? value : next(args, ++i, arg);
                        ServerAddress.parseList(servers); // fail early on nonsense
                    }
                    case "--jobs" -> {
                        jobs = value != null ? value : next(args, ++i, arg);
                        // names that match no job are reported at deployment, with the known ones
                        if (jobs.replace(",", "").isBlank()) {
                            throw new IllegalArgumentException(arg + " needs at least one job name, not '" + jobs
                                    + "'");
                        }
                    }
                    case "--http-port" -> {
                        String n = value != null ? value : next(args, ++i, arg);
                        try {
                            httpPort = Integer.parseInt(n);
                        } catch (NumberFormatException e) {
                            httpPort = -1;
                        }
                        if (httpPort < 0 || httpPort > 65535) {
                            throw new IllegalArgumentException(arg + " needs a port number 0..65535, not '" + n + "'");
                        }
                    }
                    case "--http-host" -> {
                        httpHost = value != null ? value : next(args, ++i, arg);
                        if (httpHost.isBlank()) {
                            throw new IllegalArgumentException(arg + " needs a host name or address");
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
                }
            }
            if (httpHost != null && httpPort == null) {
                throw new IllegalArgumentException("--http-host needs --http-port");
            }
            if (dashboardActions && httpPort == null) {
                throw new IllegalArgumentException("--dashboard-actions needs --http-port");
            }
            return new Options(workers, servers, jobs, list, help, httpPort,
                    httpHost != null ? httpHost : DEFAULT_HTTP_HOST, dashboardActions);
        }

        private static String next(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        /** Makes the options win over the configuration: MicroProfile Config reads system properties first. */
        void apply() {
            // --list only looks: no connection to any server
            System.setProperty(GearmanSettings.WORKER_ENABLED, Boolean.toString(!list));
            if (list) {
                System.setProperty(GearmanSettings.STORE_ENABLED, "false"); // nor to the job record store's database
            }
            if (workers != null) {
                System.setProperty(GearmanSettings.WORKER_COUNT, workers.toString());
            }
            if (servers != null) {
                System.setProperty(GearmanSettings.SERVERS, servers);
            }
            if (jobs != null) {
                System.setProperty(GearmanSettings.WORKER_JOBS, jobs);
            }
        }
    }

    /**
     * Runs the workers until the process is asked to stop, then exits with one of the documented codes.
     *
     * @param args {@code [-w N] [--servers host:port,...] [--jobs name,...] [--list]}
     */
    public static void main(String[] args) {
        int code = new GearmanWorkerMain(System.out, System.err).run(args);
        System.exit(code);
    }

    private int run(String[] args) {
        try {
            return serve(args);
        } finally {
            finished.countDown();
        }
    }

    private int serve(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("GearmanWorkerMain: " + e.getMessage());
            err.println(USAGE);
            return EXIT_USAGE;
        }
        if (options.help()) {
            out.println(USAGE);
            return EXIT_OK;
        }
        options.apply();
        if (!options.list()) {
            // before the workers start, so that a stop requested while the container boots still drains
            handleStopSignals();
        }
        SeContainer container;
        try {
            // the drain runs on the main thread below; Weld's own shutdown hook would race with it
            container = SeContainerInitializer.newInstance().addProperty("org.jboss.weld.se.shutdownHook", false)
                    .initialize();
        } catch (RuntimeException e) {
            err.println("GearmanWorkerMain: the application could not start: " + e.getMessage());
            return EXIT_CANNOT_START;
        }
        try (container) {
            WorkerManager manager = container.select(WorkerManager.class).get();
            if (options.list()) {
                Map<String, String> jobs = manager.jobsToServe();
                jobs.forEach((logical, function) -> out.println(logical + "\t" + function));
                return EXIT_OK;
            }
            List<String> functions = manager.functions();
            if (functions.isEmpty()) {
                err.println("GearmanWorkerMain: no @GearmanJob to serve (is the application a bean archive with "
                        + "META-INF/beans.xml, are its job classes beans, and does gearman.worker.jobs match?)");
                return EXIT_CANNOT_START;
            }
            drainInShutdownHook(container.select(GearmanExtension.class).get().settings().shutdownTimeout());
            manager.onFatal(this::fatal);
            HttpEndpoint http = null;
            Dashboard dashboard = null;
            if (options.httpPort() != null) {
                try {
                    dashboard = DashboardSupport.create(container, options.dashboardActions());
                    http = HttpEndpoint.start(options.httpHost(), options.httpPort(), manager, dashboard,
                            options.dashboardActions() ? Permission.ACT : Permission.READ);
                } catch (IOException | RuntimeException e) {
                    if (dashboard != null) {
                        dashboard.close();
                    }
                    err.println("GearmanWorkerMain: cannot serve HTTP on " + options.httpHost() + ":"
                            + options.httpPort() + ": " + e);
                    manager.stop();
                    return EXIT_CANNOT_START;
                }
                out.println("GearmanWorkerMain: health and metrics on http://" + options.httpHost() + ":"
                        + http.port() + "/");
                out.println("GearmanWorkerMain: dashboard on http://" + options.httpHost() + ":" + http.port()
                        + "/gearman/" + (options.dashboardActions() ? " (may retry and cancel)" : " (read-only)"));
            }
            out.println("GearmanWorkerMain: serving " + functions.size() + " jobs: " + String.join(", ", functions));
            Optional<Throwable> failure = awaitStopRequest();
            out.println("GearmanWorkerMain: stopping, draining jobs in flight");
            if (http != null) {
                http.close();
                dashboard.close();
            }
            boolean drained = manager.stop();
            out.println("GearmanWorkerMain: stopped");
            if (failure.isPresent()) {
                return EXIT_FATAL;
            }
            return drained ? EXIT_OK : EXIT_JOBS_ABANDONED;
        }
    }

    /**
     * The workers cannot go on: logs it (GEARMAN-8001) and makes the process exit with {@value #EXIT_FATAL}, after
     * the same bounded drain as a stop, so that jobs still running on healthy connections can finish. Returns at once
     * (the main thread does the rest), so it may be called from a worker's own thread.
     *
     * @param failure what the workers could not survive
     */
    void fatal(Throwable failure) {
        SeMessages.fatal(failure, EXIT_FATAL);
        stopRequest.complete(failure);
    }

    private void requestStop() {
        stopRequest.complete(null);
    }

    private Optional<Throwable> awaitStopRequest() {
        try {
            return Optional.ofNullable(stopRequest.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty(); // stop as if asked to
        } catch (ExecutionException e) {
            return Optional.of(e.getCause());
        }
    }

    /**
     * Takes SIGTERM and SIGINT from the JVM, whose default is to run the shutdown hooks, where java.util.logging
     * closes its handlers while the drain would still be logging, and to exit with 128+signal. A handler only
     * requests the stop; the main thread drains and exits. Where a signal cannot be handled (a JVM run with
     * {@code -Xrs}, a platform without it), the shutdown hook of {@link #drainInShutdownHook} still drains.
     */
    private void handleStopSignals() {
        for (String name : List.of("TERM", "INT")) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> requestStop());
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                SeMessages.noSignalHandler(name, e);
            }
        }
    }

    /** Any other way the JVM goes down (SIGHUP, System.exit from application code) still drains first. */
    private void drainInShutdownHook(Duration drain) {
        AtomicBoolean once = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (once.compareAndSet(false, true)) {
                requestStop();
                try {
                    // the main thread drains within the shutdown timeout; do not let the JVM halt before, nor hang
                    finished.await(drain.plus(HOOK_MARGIN).toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "gearman-worker-main-shutdown"));
    }
}
