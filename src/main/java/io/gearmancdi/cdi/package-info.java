/**
 * The CDI integration: the portable extension that finds {@code @GearmanJob} methods and validates them, the
 * injectable {@code GearmanClient} bean, configuration binding (MicroProfile Config) and the worker lifecycle.
 * <b>Internal:</b> registered through {@code META-INF/services}; only {@link io.gearmancdi.cdi.GearmanExtension} is
 * named by applications (in tests that build a container by hand). May change in any release. Everything here is
 * package-private except the extension, and {@link io.gearmancdi.cdi.WorkerManager} and
 * {@link io.gearmancdi.cdi.GearmanSettings}, which {@code GearmanWorkerMain} uses (ApiBoundaryTest keeps it so).
 */
package io.gearmancdi.cdi;
