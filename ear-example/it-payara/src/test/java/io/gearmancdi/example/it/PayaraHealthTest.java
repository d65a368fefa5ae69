package io.gearmancdi.example.it;

import java.net.URI;
import java.net.URL;

/** The health scenario in Payara Server: {@code /health/ready} on the HTTP listener. */
class PayaraHealthTest extends HealthScenarios {
    @Override
    protected URI readiness(URL webModule) {
        return URI.create(webModule.getProtocol() + "://" + webModule.getHost() + ":" + webModule.getPort()
                + "/health/ready");
    }
}
