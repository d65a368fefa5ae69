package io.gearmancdi.worker.internal;

import io.gearmancdi.worker.JobFunction;

import java.time.Duration;

/**
 * A registered function.
 *
 * @param name    the Gearman function name
 * @param timeout how long one job may run, or {@code null} for no limit
 * @param code    the code that runs the jobs
 */
record Registration(String name, Duration timeout, JobFunction code) {
}
