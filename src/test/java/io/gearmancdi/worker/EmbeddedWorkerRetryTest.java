package io.gearmancdi.worker;

import io.gearmancdi.testing.EmbeddedJobServer;
import io.gearmancdi.testing.JobServer;

/** Issue 12: the worker's retries against the embedded server. */
class EmbeddedWorkerRetryTest extends AbstractWorkerRetryTest {
    @Override
    protected JobServer startServer() {
        return EmbeddedJobServer.start();
    }
}
