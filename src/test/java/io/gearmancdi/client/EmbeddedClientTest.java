package io.gearmancdi.client;

import io.gearmancdi.testing.EmbeddedJobServer;
import io.gearmancdi.testing.JobServer;

/** The client conformance suite, unchanged, against {@link io.gearmancdi.server.EmbeddedGearmanServer}. */
class EmbeddedClientTest extends AbstractClientConformanceTest {

    @Override
    protected JobServer startServer() {
        return EmbeddedJobServer.start();
    }
}
