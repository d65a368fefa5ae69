package io.gearmancdi.client;

import io.gearmancdi.testing.Gearmand;
import io.gearmancdi.testing.JobServer;

/** The client conformance suite against a real gearmand 1.1.20. */
class GearmandClientTest extends AbstractClientConformanceTest {

    @Override
    protected JobServer startServer() {
        return Gearmand.start();
    }
}
