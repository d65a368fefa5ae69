package io.gearmancdi.cdi;

import io.gearmancdi.cdi.invalid.ambiguous.LowerMapper;
import io.gearmancdi.cdi.invalid.ambiguous.TwoExecutorProviders;
import io.gearmancdi.cdi.invalid.ambiguous.UpperMapper;
import io.gearmancdi.cdi.invalid.badconfig.FineJobs;
import io.gearmancdi.cdi.invalid.badtypes.BadTypeJobs;
import io.gearmancdi.cdi.invalid.duplicate.FirstJobs;
import io.gearmancdi.cdi.invalid.duplicate.SecondJobs;
import io.gearmancdi.cdi.invalid.many.ManyProblemJobs;
import io.gearmancdi.cdi.invalid.many.MoreProblemJobs;
import io.gearmancdi.cdi.invalid.privatemethod.PrivateJobs;
import io.gearmancdi.cdi.invalid.staticmethod.StaticJobs;
import io.gearmancdi.cdi.invalid.twocontexts.TwoContextJobs;
import io.gearmancdi.testing.Deployments;
import io.gearmancdi.testing.JavaSources;
import io.gearmancdi.testing.LogCapture;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.DeploymentException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Deployment validation: one package of beans per scenario, each deployment must fail with a message naming the
 * method(s) or the configuration key, and every problem must be reported by the same failure.
 */
class InvalidJobsTest {
    private static final Map<String, String> NO_WORKERS = Map.of("gearman.worker.enabled", "false");

    @Test
    void duplicateJobNamesNameBothMethods() {
        assertThat(deploy(NO_WORKERS, FirstJobs.class, SecondJobs.class))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("'same-name' is used by 2 methods")
                .hasMessageContaining(FirstJobs.class.getName() + "#one()")
                .hasMessageContaining(SecondJobs.class.getName() + "#two()");
    }

    @Test
    void privateJobMethodIsADefinitionError() {
        assertThat(deploy(NO_WORKERS, PrivateJobs.class)).isInstanceOf(DefinitionException.class)
                .hasMessageContaining(PrivateJobs.class.getName() + "#secret()").hasMessageContaining("private");
    }

    @Test
    void staticJobMethodIsADefinitionError() {
        assertThat(deploy(NO_WORKERS, StaticJobs.class)).isInstanceOf(DefinitionException.class)
                .hasMessageContaining(StaticJobs.class.getName() + "#shared()").hasMessageContaining("static");
    }

    @Test
    void twoJobContextParametersAreADefinitionError() {
        assertThat(deploy(NO_WORKERS, TwoContextJobs.class)).isInstanceOf(DefinitionException.class)
                .hasMessageContaining("#twice(JobContext, String, JobContext)")
                .hasMessageContaining("2 JobContext parameters");
    }

    @Test
    void parameterTypesWithoutAJsonFormOrWithOpenTypesAreDefinitionErrors() {
        assertThat(deploy(NO_WORKERS, BadTypeJobs.class)).isInstanceOf(DefinitionException.class)
                .hasMessageContaining("#stream(InputStream)").hasMessageContaining("java.io.InputStream has no JSON form")
                .hasMessageContaining("#wildcard(List)").hasMessageContaining("wildcard ?")
                .hasMessageContaining("#raw(List)").hasMessageContaining("raw type java.util.List")
                .hasMessageContaining("#variable(Object)").hasMessageContaining("type variable T");
    }

    @Test
    @DisplayName("issue 11 item 10: the hint for a raw Map is a declaration that compiles")
    void rawMapHintCompilesIssue11Item10() {
        assertThat(deploy(NO_WORKERS, BadTypeJobs.class)).isInstanceOf(DefinitionException.class)
                .hasMessageContaining("#rawMap(Map)").hasMessageContaining("(for example Map<String, Integer>)")
                .hasMessageNotContaining("Map<String>)");
    }

    @Test
    void everyProblemOfEveryBeanIsReportedAtOnce() {
        Throwable failure = deploy(NO_WORKERS, ManyProblemJobs.class, MoreProblemJobs.class);
        assertThat(failure).isInstanceOf(DefinitionException.class)
                .hasMessageContaining("'clash' is used by 2 methods")
                .hasMessageContaining("#b()").hasMessageContaining("static")
                .hasMessageContaining("#c(JobContext, JobContext)")
                .hasMessageContaining("#blank()").hasMessageContaining("blank")
                .hasMessageContaining("#open(String)").hasMessageContaining("java.io.Reader has no JSON form");
    }

    @Test
    void classCompiledWithoutParametersFlagIsADefinitionErrorExplainingTheFix(@TempDir Path dir) throws Exception {
        ClassLoader loader = JavaSources.compile(dir, "io.gearmancdi.cdi.invalid.noparams.NoNamesJobs", """
                package io.gearmancdi.cdi.invalid.noparams;
                @jakarta.enterprise.context.Dependent
                public class NoNamesJobs {
                    @io.gearmancdi.GearmanJob
                    public String greet(String name, int times) { return name.repeat(times); }
                }
                """);
        Class<?> jobs = loader.loadClass("io.gearmancdi.cdi.invalid.noparams.NoNamesJobs");
        assertThat(jobs.getMethod("greet", String.class, int.class).getParameters()[0].isNamePresent()).isFalse();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            assertThat(deploy(NO_WORKERS, jobs)).isInstanceOf(DefinitionException.class)
                    .hasMessageContaining("NoNamesJobs#greet(String, int)")
                    .hasMessageContaining("compiled without -parameters")
                    .hasMessageContaining("<parameters>true</parameters>");
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Test
    void badConfigurationValuesAreDeploymentProblemsNamingEachKey() {
        Throwable failure = deploy(Map.of(
                "gearman.servers", "host:notaport",
                "gearman.worker.count", "0",
                "gearman.worker.enabled", "maybe",
                "gearman.worker.shutdown-timeout", "soon",
                "gearman.client.timeout", "10 parsecs",
                "gearman.client.max-retries", "-1",
                "gearman.embedded-server.port", "70000",
                "gearman.worker.jobs", "fine,unknown-job"), FineJobs.class);
        assertThat(failure).isInstanceOf(DeploymentException.class)
                .hasMessageContaining("gearman.servers='host:notaport'")
                .hasMessageContaining("gearman.worker.count='0'")
                .hasMessageContaining("gearman.worker.enabled='maybe'")
                .hasMessageContaining("gearman.worker.shutdown-timeout='soon'")
                .hasMessageContaining("gearman.client.timeout='10 parsecs'")
                .hasMessageContaining("gearman.client.max-retries='-1'")
                .hasMessageContaining("gearman.embedded-server.port='70000'")
                .hasMessageContaining("gearman.worker.jobs names 'unknown-job'");
    }

    @Test
    void validDeploymentPassesWithDurationsInEveryForm() {
        assertThat(deploy(Map.of("gearman.worker.enabled", "false", "gearman.worker.shutdown-timeout", "PT2S",
                "gearman.client.timeout", "500ms", "gearman.worker.jobs", "fine"), FineJobs.class)).isNull();
    }

    @Test
    @DisplayName("issue 11 item 14: two WorkerExecutorProvider or JobNameMapper beans are a deployment error naming both")
    void ambiguousSpiBeansAreDeploymentErrorsIssue11Item14() {
        assertThat(deploy(NO_WORKERS, FineJobs.class, TwoExecutorProviders.class, UpperMapper.class,
                LowerMapper.class)).isInstanceOf(DeploymentException.class)
                .hasMessageContaining("2 beans of io.gearmancdi.WorkerExecutorProvider: producer method "
                        + TwoExecutorProviders.class.getName() + "#first() and producer method "
                        + TwoExecutorProviders.class.getName() + "#second()")
                .hasMessageContaining("2 beans of io.gearmancdi.JobNameMapper: bean " + LowerMapper.class.getName()
                        + " and bean " + UpperMapper.class.getName());
        // one of each is fine
        assertThat(deploy(NO_WORKERS, FineJobs.class, UpperMapper.class)).isNull();
    }

    @Test
    @DisplayName("issue 11 item 9: one GEARMAN-7014 record lists every definition problem before the container throws")
    void oneSummaryOfEveryDefinitionProblemIssue11Item9() {
        try (LogCapture log = LogCapture.of("io.gearmancdi.cdi.GearmanExtension")) {
            assertThat(deploy(NO_WORKERS, ManyProblemJobs.class, MoreProblemJobs.class))
                    .isInstanceOf(DefinitionException.class);
            List<LogRecord> summaries = log.containing("GEARMAN-7014");
            assertThat(summaries).hasSize(1);
            assertThat(summaries.get(0).getLevel()).isEqualTo(Level.SEVERE);
            assertThat(summaries.get(0).getMessage()).contains("cannot deploy this application, 5 problems:",
                    "1. ", "5. ", "'clash' is used by 2 methods", "#b()", "#c(JobContext, JobContext)", "#blank()",
                    "java.io.Reader has no JSON form");
        }
    }

    @Test
    @DisplayName("issue 11 item 9: one GEARMAN-7014 record lists every configuration problem before the container throws")
    void oneSummaryOfEveryConfigurationProblemIssue11Item9() {
        try (LogCapture log = LogCapture.of("io.gearmancdi.cdi.GearmanExtension")) {
            assertThat(deploy(Map.of("gearman.worker.count", "0", "gearman.client.timeout", "-5s",
                    "gearman.worker.jobs", "unknown-job"), FineJobs.class, UpperMapper.class, LowerMapper.class))
                    .isInstanceOf(DeploymentException.class);
            List<LogRecord> summaries = log.containing("GEARMAN-7014");
            assertThat(summaries).hasSize(1);
            assertThat(summaries.get(0).getMessage()).contains("4 problems:", "2 beans of io.gearmancdi.JobNameMapper",
                    "gearman.worker.count='0'", "gearman.client.timeout='-5s'", "names 'unknown-job'");
        }
        try (LogCapture log = LogCapture.of("io.gearmancdi.cdi.GearmanExtension")) {
            assertThat(deploy(NO_WORKERS, FineJobs.class)).isNull();
            assertThat(log.containing("GEARMAN-7014")).isEmpty();
        }
    }

    /** @return the deployment failure, or null if the container started */
    private static Throwable deploy(Map<String, String> config, Class<?>... beans) {
        return Deployments.failure(config, beans);
    }
}
