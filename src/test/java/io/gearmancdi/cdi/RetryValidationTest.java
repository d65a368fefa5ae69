package io.gearmancdi.cdi;

import io.gearmancdi.GearmanJob;
import io.gearmancdi.JobContext;
import io.gearmancdi.cdi.invalid.badconfig.FineJobs;
import io.gearmancdi.cdi.invalid.retries.BadRetryJobs;
import io.gearmancdi.cdi.retries.RetryJobs;
import io.gearmancdi.testing.Deployments;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.DeploymentException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
                .hasMessageContaining(c + "#shorterMax()")
                .hasMessageContaining("maxBackoff = \"1s\" is shorter than backoff = \"2s\"")
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
    void issue12_perJobKeysOverrideTheAnnotationWhichOverridesTheAllJobDefaults() throws Exception {
        assertThat(deploy(Map.of("gearman.worker.enabled", "false", "gearman.job.\"fine\".retries", "4",
                "gearman.job.\"fine\".timeout", "2s", "gearman.job.max-backoff", "PT1M",
                "gearman.dead-letter.job", "fine"), FineJobs.class)).isNull();
        assertThat(JobRetry.key("com.acme.render", "max-backoff"))
                .isEqualTo("gearman.job.\"com.acme.render\".max-backoff");

        // every value: the per-job key, then the annotation (if not at its default), then the all-job key, then default
        GearmanJob defaults = FineJobs.class.getMethod("fine").getAnnotation(GearmanJob.class);
        GearmanJob annotated = RetryJobs.class.getMethod("flaky", String.class, JobContext.class)
                .getAnnotation(GearmanJob.class); // retries = 2, backoff = maxBackoff = "300ms", no timeout
        Map<String, String> config = Map.of("gearman.job.retries", "1", "gearman.job.backoff", "100ms",
                "gearman.job.max-backoff", "PT1M", "gearman.job.timeout", "5s",
                "gearman.job.\"own\".retries", "4", "gearman.job.\"own\".backoff", "200ms",
                "gearman.job.\"own\".max-backoff", "2s", "gearman.job.\"own\".timeout", "2s");
        List<String> problems = new ArrayList<>();
        JobRetry allJobs = JobRetry.resolve("plain", defaults, k -> Optional.ofNullable(config.get(k)),
                GearmanSettings.Converted.NONE, problems);
        assertThat(allJobs).extracting(JobRetry::retries, JobRetry::backoff, JobRetry::maxBackoff, JobRetry::timeout)
                .containsExactly(1, Duration.ofMillis(100), Duration.ofMinutes(1), Duration.ofSeconds(5));
        JobRetry annotationWins = JobRetry.resolve("flaky", annotated, k -> Optional.ofNullable(config.get(k)),
                GearmanSettings.Converted.NONE, problems);
        assertThat(annotationWins).extracting(JobRetry::retries, JobRetry::backoff, JobRetry::maxBackoff,
                JobRetry::timeout).containsExactly(2, Duration.ofMillis(300), Duration.ofMillis(300),
                Duration.ofSeconds(5));
        JobRetry perJob = JobRetry.resolve("own", annotated, k -> Optional.ofNullable(config.get(k)),
                GearmanSettings.Converted.NONE, problems);
        assertThat(perJob).extracting(JobRetry::retries, JobRetry::backoff, JobRetry::maxBackoff, JobRetry::timeout)
                .containsExactly(4, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(2));
        JobRetry nothingConfigured = JobRetry.resolve("plain", defaults, k -> Optional.empty(),
                GearmanSettings.Converted.NONE, problems);
        assertThat(nothingConfigured).extracting(JobRetry::retries, JobRetry::backoff, JobRetry::maxBackoff,
                JobRetry::timeout).containsExactly(0, Duration.ofSeconds(1), Duration.ofMinutes(10), null);
        assertThat(problems).isEmpty();
    }

    private static Throwable deploy(Map<String, String> config, Class<?>... beans) {
        return Deployments.failure(config, beans);
    }
}
