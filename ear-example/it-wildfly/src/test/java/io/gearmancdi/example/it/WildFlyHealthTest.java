package io.gearmancdi.example.it;

import java.net.URI;
import java.net.URL;

/** The health scenario in WildFly ({@code standalone-microprofile.xml}): readiness on the management port. */
class WildFlyHealthTest extends HealthScenarios {
    @Override
    protected URI readiness(URL webModule) {
        return URI.create("http://" + webModule.getHost() + ":" + System.getProperty("wildfly.management.port")
                + "/health/ready");
    }
}
