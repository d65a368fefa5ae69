package io.gearmancdi.worker;

import io.gearmancdi.testing.EmbeddedJobServer;
import io.gearmancdi.testing.JobServer;

/** The worker conformance suite, unchanged, against {@link io.gearmancdi.server.EmbeddedGearmanServer}. */
class EmbeddedWorkerTest extends AbstractWorkerConformanceTest {

    @Override
    protected JobServer startServer() {
        return EmbeddedJobServer.start();
    }
}
