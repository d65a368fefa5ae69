/**
 * The plain-Java Gearman client: {@link io.gearmancdi.client.JobClient} submits jobs as bytes to one or more job
 * servers, pipelined and thread-safe. Usable without CDI. Stable; implementation in the {@code internal} subpackage.
 */
package io.gearmancdi.client;
