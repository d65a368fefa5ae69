package io.gearmancdi.cdi;

import io.gearmancdi.server.EmbeddedGearmanServer;

import java.lang.System.Logger.Level;

/**
 * Starts and stops the {@link EmbeddedGearmanServer} of {@code gearman.embedded-server.enabled=true}: a development
 * convenience, bound to 127.0.0.1; when {@code gearman.servers} is not set, clients and workers use it.
 */
final class EmbeddedServerSupport {
    private static final System.Logger LOG = System.getLogger(EmbeddedServerSupport.class.getName());

    private EmbeddedServerSupport() {
    }

    static EmbeddedGearmanServer start(int port) {
        EmbeddedGearmanServer server = EmbeddedGearmanServer.builder().port(port).build().start();
        LOG.log(Level.INFO, "embedded gearman server listening on " + server.address()
                + " (development only: jobs live in memory)");
        return server;
    }

    static void stop(EmbeddedGearmanServer server) {
        if (server != null) {
            server.close();
            LOG.log(Level.INFO, "embedded gearman server stopped");
        }
    }
}
