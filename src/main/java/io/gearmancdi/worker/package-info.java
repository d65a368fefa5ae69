/**
 * The plain-Java Gearman worker: {@link io.gearmancdi.worker.GearmanWorker} runs {@link
 * io.gearmancdi.worker.JobFunction}s on a pool of connections to every job server. Usable without CDI. Stable;
 * implementation in the {@code internal} subpackage.
 */
package io.gearmancdi.worker;
