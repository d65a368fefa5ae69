package io.gearmancdi.cdi;

import io.gearmancdi.testing.Gearmand;
import io.gearmancdi.testing.JobServer;

/** Issue 12 in the CDI layer on a real gearmand 1.1.20. */
class GearmandRetryEndToEndTest extends AbstractRetryEndToEndTest {
    @Override
    protected JobServer startServer() {
        return Gearmand.start();
    }
}
