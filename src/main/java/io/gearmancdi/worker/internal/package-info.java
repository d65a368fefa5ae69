/**
 * Implementation of the worker: connection loops, job arbitration (result vs. time limit vs. shutdown), reconnect
 * back-off. Internal: not an API, may change in any release. Use {@link io.gearmancdi.worker.GearmanWorker#create}.
 */
package io.gearmancdi.worker.internal;
