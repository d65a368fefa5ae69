/**
 * A tiny in-library metrics registry in Prometheus style: counters and histograms updated with a few
 * {@link java.util.concurrent.atomic.LongAdder} increments on the job path, gauges computed when scraped, rendered in
 * the Prometheus text format by {@link io.gearmancdi.metrics.GearmanMetrics#scrape}. Stable public API.
 *
 * <p>No class here depends on Jakarta or MicroProfile APIs.
 */
package io.gearmancdi.metrics;
