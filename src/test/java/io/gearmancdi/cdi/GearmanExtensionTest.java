package io.gearmancdi.cdi;

import io.gearmancdi.GearmanClient;
import io.gearmancdi.GearmanPayloadException;
import io.gearmancdi.cdi.fixtures.AuditInterceptor;
import io.gearmancdi.cdi.fixtures.AuditLog;
import io.gearmancdi.cdi.fixtures.GearmanJobs;
import io.gearmancdi.cdi.fixtures.InstanceNumbers;
import io.gearmancdi.cdi.fixtures.MathJobs;
import io.gearmancdi.cdi.fixtures.MathJobsLog;
import io.gearmancdi.cdi.fixtures.RequestCounter;
import io.gearmancdi.cdi.fixtures.RequestJobs;
import io.gearmancdi.cdi.fixtures.SessionUser;
import io.gearmancdi.cdi.fixtures.VetoedJobs;
import io.gearmancdi.json.PayloadCodec;
import io.gearmancdi.testing.CdiApp;
import io.gearmancdi.testing.RecordingWorkerJob;
import io.gearmancdi.testing.WithCdiApp;
import jakarta.enterprise.inject.spi.BeanManager;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The extension in Weld SE without a job server: discovery, naming, the client bean, and invocation of jobs through
 * {@link JobInvoker} (contextual reference, interceptors, request context, {@code @Dependent} release). Each test
 * gets a container of its own.
 */
@WithCdiApp(beans = {GearmanJobs.class, MathJobs.class, MathJobsLog.class, RequestJobs.class, RequestCounter.class,
        InstanceNumbers.class, AuditInterceptor.class, AuditLog.class, VetoedJobs.class, SessionUser.class},
        settings = {"gearman.worker.enabled=false", "gearman.job-name.prefix=t1"}, gearmand = false, perTest = true)
class GearmanExtensionTest {
    private final CdiApp app;
    private final GearmanExtension extension;
    private final BeanManager beanManager;
    private final GearmanClient client;

    GearmanExtensionTest(CdiApp app) {
        this.app = app;
        this.extension = app.get(GearmanExtension.class);
        this.beanManager = app.get(BeanManager.class);
        this.client = app.get(GearmanClient.class);
    }

    @Test
    void discoversEveryJobMethodWithDefaultAndExplicitNames() {
        assertThat(extension.jobs()).extracting(JobDefinition::name).containsExactlyInAnyOrder(
                "io.gearmancdi.cdi.fixtures.reverse",         // class GearmanJobs is left out
                "io.gearmancdi.cdi.fixtures.add",
                "fixtures-report",                            // @GearmanJob(name = ...)
                "who-am-i",
                "io.gearmancdi.cdi.fixtures.MathJobs.total",  // <package>.<SimpleClass>.<method>
                "io.gearmancdi.cdi.fixtures.MathJobs.options",
                "io.gearmancdi.cdi.fixtures.MathJobs.fail",
                "io.gearmancdi.cdi.fixtures.MathJobs.nothing",
                "io.gearmancdi.cdi.fixtures.MathJobs.describe",
                "io.gearmancdi.cdi.fixtures.MathJobs.histogram",
                "io.gearmancdi.cdi.fixtures.MathJobs.remember",
                "request-scope",
                "audited");
    }

    @Test
    void vetoedBeanContributesNoJob() {
        assertThat(extension.jobs()).extracting(JobDefinition::name).noneMatch(n -> n.contains("hidden"));
    }

    @Test
    void injectableClientMapsLogicalNamesWithTheConfiguredPrefix() {
        assertThat(client.functionName("io.gearmancdi.cdi.fixtures.reverse"))
                .isEqualTo("t1.io.gearmancdi.cdi.fixtures.reverse");
        assertThat(extension.nameMapper(beanManager).toInternal("x")).isEqualTo("t1.x");
    }

    @Test
    void injectedClientIsAProxyThatCallsStraightThroughAndSerializes() throws Exception {
        // the proxy extends the bean's class type: Weld then forwards calls directly (an interface-only bean's proxy
        // dispatches through reflection)
        assertThat(client).isInstanceOf(ApplicationGearmanClient.class);
        assertThat(client.functionName("x")).isEqualTo("t1.x");
        // a passivating bean may hold it (SessionUser is deployed here): the proxy survives serialization
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(client);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            GearmanClient copy = (GearmanClient) in.readObject();
            assertThat(copy.functionName("y")).isEqualTo("t1.y");
        }
    }

    @Test
    void workersStayOffWhenDisabled() {
        WorkerManager manager = app.get(WorkerManager.class);
        assertThat(manager.isRunning()).isFalse();
    }

    @Test
    void jobRunsOnTheContextualReferenceAndReturnsJson() throws Exception {
        assertThat(run("io.gearmancdi.cdi.fixtures.reverse", "{\"args\":[\"hello\"]}")).isEqualTo("\"olleh\"");
        assertThat(run("io.gearmancdi.cdi.fixtures.add", "{\"kwargs\":{\"b\":2,\"a\":40}}")).isEqualTo("42");
        assertThat(run("io.gearmancdi.cdi.fixtures.MathJobs.nothing", "")).isEqualTo("null");
    }

    @Test
    void genericParametersAndResultsConvertThroughJsonb() throws Exception {
        assertThat(run("io.gearmancdi.cdi.fixtures.MathJobs.total",
                "{\"args\":[[{\"amount\":0.10},{\"amount\":0.20},{\"amount\":\"1.005\"}]]}")).isEqualTo("1.305");
        assertThat(run("io.gearmancdi.cdi.fixtures.MathJobs.histogram", "{\"args\":[[\"ab\",\"abc\"]]}"))
                .isEqualTo("[{\"ab\":2},{\"abc\":3}]");
    }

    @Test
    void parametersNamedLikeSubmitOptionsBindByName() throws Exception {
        assertThat(run("io.gearmancdi.cdi.fixtures.MathJobs.options",
                "{\"kwargs\":{\"unique\":\"u\",\"background\":true,\"priority\":3}}")).isEqualTo("\"u/true/3\"");
    }

    @Test
    void jobContextReportsProgressDataAndWarnings() throws Exception {
        RecordingWorkerJob job = new RecordingWorkerJob("t1.fixtures-report", "{\"args\":[\"Q3\",2]}");
        String result = new String(invoker("fixtures-report").run(job), StandardCharsets.UTF_8);
        assertThat(result).isEqualTo("{\"pages\":2,\"sections\":[\"Q3 1\",\"Q3 2\"],\"title\":\"Q3\"}");
        assertThat(job.statuses).containsExactly("1/2", "2/2");
        assertThat(job.data).containsExactly("\"Q3 1\"");
        assertThat(job.warnings).containsExactly("almost done");
        assertThat(run("who-am-i", "{}")).isEqualTo("\"t1.who-am-i|who-am-i\"");
    }

    @Test
    void interceptorOnAJobMethodSeesTheCall() throws Exception {
        AuditLog audit = app.get(AuditLog.class);
        audit.clear();
        assertThat(run("audited", "{\"args\":[\"abc\"]}")).isEqualTo("\"audited:ABC\"");
        assertThat(audit.calls()).containsExactly("auditedabc");
    }

    @Test
    void requestContextIsActiveAndFreshForEveryJob() throws Exception {
        String first = run("request-scope", "{}");
        String second = run("request-scope", "{}");
        assertThat(first).endsWith(":2\"");   // two increments within one job share the instance
        assertThat(second).endsWith(":2\"");  // ...and the next job starts from zero
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void dependentBeanIsDestroyedAfterEachJob() throws Exception {
        MathJobsLog log = app.get(MathJobsLog.class);
        int created = log.created();
        int destroyed = log.destroyed();
        run("io.gearmancdi.cdi.fixtures.MathJobs.add".replace("add", "nothing"), "{}");
        run("io.gearmancdi.cdi.fixtures.MathJobs.nothing", "{}");
        assertThat(log.created() - created).isEqualTo(2);
        assertThat(log.destroyed() - destroyed).isEqualTo(2);
    }

    @Test
    void exceptionOfTheJobIsRethrownUnwrapped() {
        assertThatThrownBy(() -> run("io.gearmancdi.cdi.fixtures.MathJobs.fail", "{\"args\":[\"boom\"]}"))
                .isExactlyInstanceOf(IllegalStateException.class).hasMessage("boom");
    }

    @Test
    void wrongArgumentCountFailsTheJobNamingTheParameters() {
        assertThatThrownBy(() -> run("io.gearmancdi.cdi.fixtures.add", "{\"args\":[1,2,3]}"))
                .isInstanceOf(GearmanPayloadException.class)
                .hasMessageContaining("takes 2 arguments [a, b] but got 3");
        assertThatThrownBy(() -> run("io.gearmancdi.cdi.fixtures.add", "{\"args\":[1]}"))
                .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("missing argument 'b'");
    }

    @Test
    void invalidJsonPayloadFailsTheJob() {
        assertThatThrownBy(() -> run("io.gearmancdi.cdi.fixtures.reverse", "hello"))
                .isInstanceOf(GearmanPayloadException.class).hasMessageContaining("not the JSON envelope");
    }

    private String run(String name, String payload) throws Exception {
        RecordingWorkerJob job = new RecordingWorkerJob("t1." + name, payload);
        return new String(invoker(name).run(job), StandardCharsets.UTF_8);
    }

    private JobInvoker invoker(String name) {
        JobDefinition job = extension.jobs().stream().filter(j -> j.name().equals(name)).findFirst().orElseThrow();
        return new JobInvoker(beanManager, job, new PayloadCodec(), JobRequestScope.of(beanManager));
    }
}
