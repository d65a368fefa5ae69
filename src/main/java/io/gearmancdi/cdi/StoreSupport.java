package io.gearmancdi.cdi;

import io.gearmancdi.GearmanClient;
import io.gearmancdi.GearmanException;
import io.gearmancdi.JobOutcome;
import io.gearmancdi.json.PayloadCodec;
import io.gearmancdi.store.JobStore;
import io.gearmancdi.store.internal.ConnectionSource;
import io.gearmancdi.store.internal.JdbcJobStore;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The application's job record store: the application's own {@link JobStore} bean if it has one, else, with
 * {@code gearman.store.enabled=true}, the library's {@link JdbcJobStore} over {@code gearman.store.jdbc-url} or the
 * data source named {@code gearman.store.datasource} (JNDI). Opened when the application starts (an incompatible
 * table then fails the deployment) or on first use; closed when it stops. Runs the {@link StoreReconciler} every
 * minute on a daemon thread of its own. Thread-safe.
 */
final class StoreSupport {
    private static final long RECONCILE_EVERY_SECONDS = 60;
    /** The global JNDI names of java:comp/DefaultDataSource's data source: WildFly's, Payara's (GlassFish's). */
    private static final List<String> SERVER_DEFAULT_DATASOURCES = List.of("java:jboss/datasources/ExampleDS",
            "jdbc/__default");

    private GearmanSettings.StoreSettings settings;
    private volatile boolean opened;
    private boolean closed; // after close() the store does not open again (late writes of a stopping application)
    private volatile JobRecorder recorder; // null while off
    private JobStore own;
    private PayloadCodec codec;
    private ScheduledExecutorService reconciler;

    /** Sets the settings read at deployment validation. */
    synchronized void configure(GearmanSettings.StoreSettings storeSettings) {
        this.settings = storeSettings;
    }

    /**
     * Opens the store once (later calls return at once).
     *
     * @throws GearmanException if the store is enabled but cannot be used (an incompatible table, no data source)
     */
    void open(GearmanExtension extension, BeanManager beanManager) {
        if (opened) {
            return;
        }
        synchronized (this) {
            if (opened || closed) {
                return;
            }
            Instance<JobStore> application = beanManager.createInstance().select(JobStore.class);
            JobStore store = null;
            if (application.isResolvable()) {
                store = application.get();
            } else if (settings != null && settings.enabled()) {
                own = new JdbcJobStore(connections(settings), JdbcJobStore.Options.defaults()
                        .withTable(settings.table()).withRetention(settings.retention())
                        .withPayloads(settings.payloads()));
                store = own;
            }
            if (store != null) {
                codec = ApplicationJsonb.codec(beanManager, extension.settings().jsonLimits());
                recorder = new JobRecorder(store, codec);
                startReconciler(store, beanManager, extension.servers().size());
            }
            opened = true;
        }
    }

    /** @return the recorder, or {@code null} when there is no store */
    JobRecorder recorder(GearmanExtension extension, BeanManager beanManager) {
        open(extension, beanManager);
        return recorder;
    }

    /** @return the store (the application's {@code JobStore} bean or the library's own), or {@code null} when off */
    JobStore store(GearmanExtension extension, BeanManager beanManager) {
        JobRecorder r = recorder(extension, beanManager);
        return r == null ? null : r.store();
    }

    /** @return the outcome of the job with this unique id ({@link JobOutcome.State#UNKNOWN} when off or unknown) */
    JobOutcome outcome(String unique, GearmanExtension extension, BeanManager beanManager) {
        JobRecorder r = recorder(extension, beanManager);
        if (r == null || unique == null) {
            return RecordOutcome.unknown(unique);
        }
        return r.store().find(unique).map(record -> RecordOutcome.of(record, codec))
                .orElseGet(() -> RecordOutcome.unknown(unique));
    }

    private static ConnectionSource connections(GearmanSettings.StoreSettings s) {
        if (s.jdbcUrl() != null) {
            return ConnectionSource.of(s.jdbcUrl(), s.jdbcUser(), s.jdbcPassword());
        }
        try {
            return ConnectionSource.of(lookup(s.datasource()));
        } catch (NamingException | ClassCastException e) {
            throw new GearmanException("configuration " + GearmanSettings.STORE_ENABLED + "=true, but the data source "
                    + s.datasource() + " (" + GearmanSettings.STORE_DATASOURCE + ") cannot be looked up: " + e
                    + "; outside a container set " + GearmanSettings.STORE_JDBC_URL + " (and "
                    + GearmanSettings.STORE_JDBC_USER + ", " + GearmanSettings.STORE_JDBC_PASSWORD + ")", e);
        }
    }

    /**
     * Looks the data source up. {@code java:comp/DefaultDataSource} (the default) has no {@code java:comp} to live in
     * when the library sits in an EAR's {@code lib/} and the application is still deploying; the same data source is
     * then reached under its global name in WildFly and in Payara (GlassFish).
     */
    private static DataSource lookup(String name) throws NamingException {
        InitialContext context = new InitialContext();
        try {
            return (DataSource) context.lookup(name);
        } catch (NamingException e) {
            if (!GearmanSettings.DEFAULT_STORE_DATASOURCE.equals(name)) {
                throw e;
            }
            for (String global : SERVER_DEFAULT_DATASOURCES) {
                try {
                    DataSource found = (DataSource) context.lookup(global);
                    CdiMessages.defaultDataSourceByGlobalName(global);
                    return found;
                } catch (NamingException notThisServer) {
                    e.addSuppressed(notThisServer);
                }
            }
            throw e;
        }
    }

    private void startReconciler(JobStore store, BeanManager beanManager, int servers) {
        reconciler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gearman-store-reconciler");
            t.setDaemon(true);
            return t;
        });
        reconciler.scheduleWithFixedDelay(() -> {
            try {
                GearmanClient client = beanManager.createInstance().select(GearmanClient.class).get();
                StoreReconciler.reconcile(store, client, servers, StoreReconciler.STALE_AFTER);
            } catch (RuntimeException e) {
                CdiMessages.reconciliationFailed(e);
            }
        }, RECONCILE_EVERY_SECONDS, RECONCILE_EVERY_SECONDS, TimeUnit.SECONDS);
    }

    /** Stops the reconciler and closes the library's own store (writing what it still queues, bounded). */
    synchronized void close() {
        if (reconciler != null) {
            reconciler.shutdownNow();
            reconciler = null;
        }
        recorder = null;
        if (own != null) {
            own.close();
            own = null;
        }
        if (codec != null) {
            codec.close();
            codec = null;
        }
        closed = true;
    }

    /** For tests: waits until the library's own store has written what it queues. */
    boolean flush(Duration timeout) throws InterruptedException {
        JobStore store = own;
        return !(store instanceof JdbcJobStore jdbc) || jdbc.flush(timeout);
    }
}
