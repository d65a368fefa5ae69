package io.gearmancdi.example.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example EAR deployed unchanged in an application server, driven over HTTP like a user would, with its workers
 * and client on a real gearmand. Subclasses pick the server (their module's Arquillian container).
 */
@ExtendWith({GearmandExtension.class, ArquillianExtension.class}) // gearmand first: it must run before the server
public abstract class ExampleEarScenarios {

    @ArquillianResource
    URL webModule;

    @Deployment(testable = false)
    public static EnterpriseArchive ear() {
        return ExampleEar.load();
    }

    Rest rest() {
        return new Rest(webModule);
    }

    @Test
    void applicationAnswers() {
        assertThat(rest().getJson("ping").getString("result")).isEqualTo("pong");
    }

    @Test
    void configurationFromTheEnvironmentReachesTheApplication() {
        JsonObject settings = rest().getJson("config");
        assertThat(settings.getString("servers")).isEqualTo(GearmandExtension.current().address());
        assertThat(settings.getString("prefix")).isEqualTo("example");
        assertThat(settings.getString("reverseFunction")).isEqualTo("example.io.gearmancdi.example.reverse");
    }
}
