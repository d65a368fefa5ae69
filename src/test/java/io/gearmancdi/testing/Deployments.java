package io.gearmancdi.testing;

import io.gearmancdi.cdi.GearmanExtension;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.DeploymentException;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.junit5.WeldInitiator;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Deploys beans with the extension under Weld SE to see whether (and how) the deployment fails. */
public final class Deployments {
    private Deployments() {
    }

    /** @return the deployment failure, or null if the container started */
    public static Throwable failure(Map<String, String> config, Class<?>... beans) {
        try (TestConfig ignored = TestConfig.install(config);
             WeldContainer container = WeldInitiator.createWeld()
                     .property("org.jboss.weld.construction.relaxed", false)
                     .addBeanClasses(beans)
                     .addExtension(new GearmanExtension())
                     .addExtension(new io.smallrye.config.inject.ConfigExtension())
                     .initialize()) {
            assertThat(container.isRunning()).isTrue();
            return null;
        } catch (DefinitionException | DeploymentException e) {
            return e;
        }
    }
}
