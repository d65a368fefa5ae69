package io.gearmancdi.cdi;

import io.gearmancdi.cdi.invalid.badconfig.FineJobs;
import io.gearmancdi.cdi.invalid.retries.BadRetryJobs;
import io.gearmancdi.testing.Deployments;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.DeploymentException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12, bad input: failure settings that are wrong fail the deployment, naming the method or the key. */
class RetryValidationTest {

    @Test
    void issue12_badAnnotationValuesAreDefinitionErrorsNamingTheMethod() {
        String c = BadRetryJobs.class.getName();
        assertThat(deploy(Map.of("gearman.worker.enabled", "false"), BadRetryJobs.class))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining(c + "#negative()").hasMessageContaining("retries = -1 is negative")
                .hasMessageContaining(c + "#unparsableBackoff()").hasMessageContaining("backoff = \"soon\"")
                .hasMessageContaining(c + "#unparsableTimeout()").hasMessageContaining("timeout = \"forever\"")
                .hasMessageContaining(c + "#both()")
                .hasMessageContaining("java.lang.IllegalStateException is named in both retryOn and abortOn");
    }

    @Test
    void issue12_badConfigurationValuesAndAnUnknownDeadLetterJobAreDeploymentErrorsNamingTheKey() {
        assertThat(deploy(Map.of("gearman.worker.enabled", "false",
                "gearman.job.\"fine\".retries", "-1",
                "gearman.job.backoff", "never",
                "gearman.job.\"fine\".timeout", "0s",
                "gearman.dead-letter.job", "no-such-job"), FineJobs.class))
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining("gearman.job.\"fine\".retries='-1'")
                .hasMessageContaining("gearman.job.backoff='never'")
                .hasMessageContaining("gearman.job.\"fine\".timeout='0s'")
                .hasMessageContaining("gearman.dead-letter.job names 'no-such-job'");
    }

    @Test
    void issue12_perJobKeysOverrideTheAnnotationWhichOverridesTheAllJobDefaults() {
        assertThat(deploy(Map.of("gearman.worker.enabled", "false", "gearman.job.\"fine\".retries", "4",
                "gearman.job.\"fine\".timeout", "2s", "gearman.job.max-backoff", "PT1M",
                "gearman.dead-letter.job", "fine"), FineJobs.class)).isNull();
        assertThat(JobRetry.key("com.acme.render", "max-backoff"))
                .isEqualTo("gearman.job.\"com.acme.render\".max-backoff");
    }

    private static Throwable deploy(Map<String, String> config, Class<?>... beans) {
        return Deployments.failure(config, beans);
    }
}
