package io.gearmancdi.worker;

import io.gearmancdi.testing.Gearmand;
import io.gearmancdi.testing.JobServer;

/** Issue 12: the worker's retries against a real gearmand 1.1.20. */
class GearmandWorkerRetryTest extends AbstractWorkerRetryTest {
    @Override
    protected JobServer startServer() {
        return Gearmand.start();
    }
}
