package io.gearmancdi.worker.internal;

import io.gearmancdi.worker.JobFunction;
import io.gearmancdi.worker.RetryPolicy;

import java.time.Duration;

/**
 * A registered function.
 *
 * @param name    the Gearman function name
 * @param timeout how long one job may run, or {@code null} for no limit
 * @param retry   how failed jobs are retried
 * @param code    the code that runs the jobs
 */
record Registration(String name, Duration timeout, RetryPolicy retry, JobFunction code) {
}
