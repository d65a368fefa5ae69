package io.gearmancdi.se;

import io.gearmancdi.ServerAddress;
import io.gearmancdi.cdi.GearmanSettings;
import io.gearmancdi.cdi.WorkerManager;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs workers for every {@code @GearmanJob} method on the class path: boots a CDI SE container (Weld SE) with bean
 * discovery, lets the extension start the workers, and serves until the JVM is asked to stop (SIGTERM, Ctrl-C), then
 * shuts the container down, which drains the jobs in flight (at most {@code gearman.worker.shutdown-timeout}).
 *
 * <pre>
 * java -cp app.jar:gearman-cdi.jar:&lt;weld-se, smallrye-config, yasson&gt; io.gearmancdi.se.GearmanWorkerMain \
 *      [-w N] [--servers host:port,host:port]
 * </pre>
 *
 * <p>Options override the configuration ({@code -w} = {@code gearman.worker.count}, {@code --servers} =
 * {@code gearman.servers}); everything else comes from MicroProfile Config as usual (system properties,
 * environment, {@code META-INF/microprofile-config.properties}). Workers are always enabled here. The application's
 * classes must be in a bean archive ({@code META-INF/beans.xml}) and its job beans must have a bean-defining
 * annotation such as {@code @ApplicationScoped}.
 *
 * <p>Exit codes: 0 after a requested stop, 1 when the application cannot start or has no job, 2 on a bad command
 * line.
 */
public final class GearmanWorkerMain {
    /** Exit status after an error the worker cannot survive (EX_SOFTWARE of sysexits.h). */
    static final int EXIT_FATAL = 70;
    static final String USAGE = "usage: GearmanWorkerMain [-w N] [--servers host:port,...]\n"
            + "  -w N, --workers N        worker connections per server (gearman.worker.count)\n"
            + "  --servers host:port,...  job servers (gearman.servers)";

    private GearmanWorkerMain() {
    }

    /**
     * Parsed command line.
     *
     * @param workers worker connections per server, or {@code null} for the configuration's
     * @param servers the server list, or {@code null} for the configuration's
     * @param help    whether help was asked for
     */
    record Options(Integer workers, String servers, boolean help) {
        static Options parse(String... args) {
            Integer workers = null;
            String servers = null;
            boolean help = false;
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
                    default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
                }
            }
            return new Options(workers, servers, help);
        }

        private static String next(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        /** Makes the options win over the configuration: MicroProfile Config reads system properties first. */
        void apply() {
            System.setProperty(GearmanSettings.WORKER_ENABLED, "true");
            if (workers != null) {
                System.setProperty(GearmanSettings.WORKER_COUNT, workers.toString());
            }
            if (servers != null) {
                System.setProperty(GearmanSettings.SERVERS, servers);
            }
        }
    }

    /**
     * Runs the workers until the JVM is asked to stop.
     *
     * @param args {@code [-w N] [--servers host:port,...]}
     */
    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("GearmanWorkerMain: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(USAGE);
            return;
        }
        options.apply();
        SeContainer container;
        try {
            // our own shutdown hook below closes the container; Weld's would race with it
            container = SeContainerInitializer.newInstance().addProperty("org.jboss.weld.se.shutdownHook", false)
                    .initialize();
        } catch (RuntimeException e) {
            System.err.println("GearmanWorkerMain: the application could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        List<String> functions = container.select(WorkerManager.class).get().functions();
        if (functions.isEmpty()) {
            container.close();
            System.err.println("GearmanWorkerMain: no @GearmanJob to serve (is the application a bean archive with "
                    + "META-INF/beans.xml, are its job classes beans, and does gearman.worker.jobs match?)");
            System.exit(1);
            return;
        }
        container.select(WorkerManager.class).get().onFatalError(error -> {
            System.err.println("GearmanWorkerMain: stopping after an error the worker cannot survive: " + error);
            System.exit(EXIT_FATAL);
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("GearmanWorkerMain: stopping, draining jobs in flight");
            try {
                container.close();
            } finally {
                System.out.println("GearmanWorkerMain: stopped");
                stopped.countDown();
            }
        }, "gearman-worker-main-shutdown"));
        System.out.println("GearmanWorkerMain: serving " + functions.size() + " jobs: " + String.join(", ", functions));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
