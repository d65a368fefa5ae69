package io.gearmancdi.cdi;

import io.gearmancdi.testing.EmbeddedJobServer;
import io.gearmancdi.testing.JobServer;

/** Issue 12 in the CDI layer on the embedded server. */
class EmbeddedRetryEndToEndTest extends AbstractRetryEndToEndTest {
    @Override
    protected JobServer startServer() {
        return EmbeddedJobServer.start();
    }
}
