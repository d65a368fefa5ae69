/**
 * Health checks of gearman-cdi in plain Java: readiness (job servers reachable, every served job registered),
 * liveness (no wedged worker connection, no fatal error) and startup (workers started), each a {@link
 * io.gearmancdi.health.HealthReport} in MicroProfile Health's shape. The container adapters and
 * {@code GearmanWorkerMain}'s HTTP endpoint both call {@link io.gearmancdi.health.GearmanHealth}. Stable public API.
 *
 * <p>No class here depends on Jakarta or MicroProfile APIs.
 */
package io.gearmancdi.health;
