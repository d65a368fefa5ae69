package io.gearmancdi.cdi;

import io.gearmancdi.server.EmbeddedGearmanServer;

/**
 * Starts and stops the {@link EmbeddedGearmanServer} of {@code gearman.embedded-server.enabled=true}: a development
 * convenience, bound to 127.0.0.1; when {@code gearman.servers} is not set, clients and workers use it.
 */
final class EmbeddedServerSupport {
    private EmbeddedServerSupport() {
    }

    static EmbeddedGearmanServer start(int port, GearmanSettings.EmbeddedServerLimits limits) {
        EmbeddedGearmanServer server = limits.applyTo(EmbeddedGearmanServer.builder().port(port)).build().start();
        CdiMessages.embeddedServerStarted(server.address());
        return server;
    }

    static void stop(EmbeddedGearmanServer server) {
        if (server != null) {
            server.close();
            CdiMessages.embeddedServerStopped();
        }
    }
}
