/**
 * The gearman-cdi dashboard, independent of any web server: {@link io.gearmancdi.dashboard.Dashboard} answers
 * {@link io.gearmancdi.dashboard.DashboardRequest}s with {@link io.gearmancdi.dashboard.DashboardResponse}s — the page,
 * its script and style, the uPlot chart library from its WebJar, and a JSON API over the job servers' admin protocol,
 * the metrics and, when there is one, the job record store. A host adapts it to its HTTP server: the servlet of the
 * {@code cdi} package in a container, the HTTP endpoint of {@code GearmanWorkerMain} standalone. The host decides who
 * may read and who may act ({@link io.gearmancdi.dashboard.Permission}); the dashboard enforces CSRF protection,
 * read-only refusal and a strict Content-Security-Policy.
 *
 * <p>Stable public API: the five types of this package. No class here depends on Jakarta or MicroProfile APIs.
 */
package io.gearmancdi.dashboard;
