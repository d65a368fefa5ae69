/**
 * The plain-Java Gearman worker: register {@link io.gearmancdi.worker.JobFunction}s with a
 * {@link io.gearmancdi.worker.GearmanWorker} created from {@link io.gearmancdi.worker.WorkerOptions}, start it, and it
 * serves jobs from every configured server until it is shut down. Usable without CDI; the CDI layer runs
 * {@code @GearmanJob} methods through it. Stable public API.
 *
 * <p>No class here depends on Jakarta APIs.
 */
package io.gearmancdi.worker;
