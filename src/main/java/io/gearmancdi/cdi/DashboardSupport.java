package io.gearmancdi.cdi;

import io.gearmancdi.GearmanClient;
import io.gearmancdi.dashboard.Dashboard;
import io.gearmancdi.store.JobStore;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Builds the {@link Dashboard} of a CDI application, for its two hosts: {@link io.gearmancdi.web.DashboardServlet} in a container and
 * the HTTP endpoint of {@code GearmanWorkerMain}. It shows the configured job servers, the workers' metrics and, when
 * the job record store is on ({@code gearman.store.enabled}, or an application {@link JobStore} bean), the job records;
 * retry and cancel go through its {@link GearmanClient}.
 */
public final class DashboardSupport {
    private DashboardSupport() {
    }

    /**
     * @param beans   the application's beans (a {@code SeContainer}, or {@code CDI.current()})
     * @param actions whether anyone may retry and cancel at all (the host still checks each caller)
     * @return the dashboard; the caller closes it
     */
    public static Dashboard create(Instance<Object> beans, boolean actions) {
        GearmanExtension extension = beans.select(GearmanExtension.class).get();
        WorkerManager manager = beans.select(WorkerManager.class).get();
        Map<String, String> logical = new HashMap<>();
        manager.jobsToServe().forEach((name, function) -> logical.put(function, name));
        Dashboard.Builder builder = Dashboard.builder().sampler(manager.health().sampler()).metrics(manager.metrics())
                .logicalNames(logical::get);
        JobStore store = extension.store().store(extension, beans.select(BeanManager.class).get());
        if (store != null) {
            builder.store(store);
        }
        Instance<GearmanClient> client = beans.select(GearmanClient.class);
        if (actions && client.isResolvable()) {
            builder.actions(new ClientJobActions(client.get()));
        }
        return builder.build();
    }
}
