package io.gearmancdi.cdi;

import io.gearmancdi.GearmanClient;
import io.gearmancdi.GearmanJob;
import io.gearmancdi.GearmanJobException;
import io.gearmancdi.GearmanPayloadException;
import io.gearmancdi.GearmanRemote;
import io.gearmancdi.JobHandle;
import io.gearmancdi.Priority;
import io.gearmancdi.SubmitOptions;
import io.gearmancdi.admin.AdminClient;
import io.gearmancdi.admin.FunctionStatus;
import io.gearmancdi.admin.PriorityStatus;
import io.gearmancdi.cdi.typed.Flaky;
import io.gearmancdi.cdi.typed.FlakyBean;
import io.gearmancdi.cdi.typed.Greeter;
import io.gearmancdi.cdi.typed.GreeterCaller;
import io.gearmancdi.cdi.typed.ReorderedGreeterJobs;
import io.gearmancdi.cdi.typed.Reports;
import io.gearmancdi.cdi.typed.ReportsBean;
import io.gearmancdi.cdi.typed.Unserved;
import io.gearmancdi.cdi.typed.UrgentUnserved;
import io.gearmancdi.testing.CdiApp;
import io.gearmancdi.testing.Gearmand;
import io.gearmancdi.testing.GearmandExtension;
import io.gearmancdi.testing.WithCdiApp;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 13, typed job interfaces: {@code @Inject @GearmanRemote Reports} against a bean that implements
 * {@code Reports}, under Weld SE with a real gearmand.
 */
@ExtendWith(GearmandExtension.class)
@WithCdiApp(beans = {ReportsBean.class, ReorderedGreeterJobs.class, GreeterCaller.class, Reports.class,
        FlakyBean.class, UrgentUnserved.class},
        settings = {"gearman.job-name.prefix=ty", "gearman.worker.count=2", "gearman.client.timeout=30s"})
class TypedJobInterfacesEndToEndTest {
    private final Gearmand gearmand;
    private final CdiApp app;
    private final Reports reports;

    TypedJobInterfacesEndToEndTest(Gearmand gearmand, CdiApp app) {
        this.gearmand = gearmand;
        this.app = app;
        this.reports = remote(Reports.class);
    }

    private <T> T remote(Class<T> type) {
        return app.container().select(type, GearmanRemote.Literal.INSTANCE).get();
    }

    @Test
    @DisplayName("issue 13: a synchronous proxy call runs the implementing bean's method as a job")
    void synchronousCallRoundTrip() {
        assertThat(reports).isNotInstanceOf(ReportsBean.class);
        assertThat(reports.render("acme", 3)).isEqualTo(new Reports.Report("acme", 3, List.of("acme 3")));
        assertThat(reports.january("globex")).isEqualTo(new Reports.Report("globex", 1, List.of("globex 1")));
        // the string name reaches the same job
        assertThat(app.get(GearmanClient.class).call("typed-report", Reports.Report.class, "initech", 4).month())
                .isEqualTo(4);
    }

    @Test
    @DisplayName("issue 13: the implementing bean's method is a job with the interface's name and @GearmanJob")
    void implementationServesWithTheInterfacesSettings() throws Exception {
        GearmanExtension extension = app.container().getBeanManager().getExtension(GearmanExtension.class);
        JobDefinition job = extension.jobs().stream().filter(j -> j.name().equals("typed-report")).findFirst()
                .orElseThrow();
        assertThat(job.javaMethod()).isEqualTo(ReportsBean.class.getMethod("render", String.class, int.class));
        assertThat(job.method().getAnnotation(GearmanJob.class))
                .isEqualTo(Reports.class.getMethod("render", String.class, int.class).getAnnotation(GearmanJob.class));
        assertThat(extension.jobs()).extracting(JobDefinition::name).doesNotHaveDuplicates()
                .contains("typed-report", "typed-histogram", "typed-fail", "typed-echo", "typed-greet");
    }

    @Test
    @DisplayName("issue 13: CompletionStage<T> submits the job asynchronously and reads T")
    void asynchronousCallRoundTrip() throws Exception {
        assertThat(reports.renderAsync("acme", 5).toCompletableFuture().get(30, TimeUnit.SECONDS))
                .isEqualTo(new Reports.Report("acme", 5, List.of("acme 5")));
    }

    @Test
    @DisplayName("issue 13: @Background returns the JobHandle and the implementing bean's render runs")
    void backgroundCallRoundTrip() throws Exception {
        JobHandle handle = reports.renderLater("background-customer", 7);
        assertThat(handle.handle()).startsWith("H:");
        Reports.Report done;
        do {
            done = app.get(ReportsBean.class).rendered().poll(30, TimeUnit.SECONDS);
            assertThat(done).as("the background job ran within 30 s").isNotNull();
        } while (!done.customer().equals("background-customer"));
        assertThat(done.month()).isEqualTo(7);
    }

    @Test
    @DisplayName("issue 13: interfaces known only from @GearmanRemote injection points (Instance<T> too) get proxies")
    void injectionPointAloneRegistersTheInterface() {
        assertThat(app.get(GreeterCaller.class).greetOnce("Hi", "you")).isEqualTo("Hi, you!");
        assertThat(app.get(GreeterCaller.class).unserved()).isNotNull();
    }

    @Test
    @DisplayName("issue 13: arguments go as kwargs by name, so a worker may order its parameters differently")
    void kwargsReachAWorkerWithParametersInAnotherOrder() {
        assertThat(remote(Greeter.class).greet("Hello", "world", 2)).isEqualTo("Hello, world! Hello, world!");
        // a job without a name is named after its interface; Object's methods declared again are no jobs
        assertThat(remote(Greeter.class).shout("hey")).isEqualTo("HEY!");
        assertThat(remote(Greeter.class).toString()).contains(Greeter.class.getName());
    }

    @Test
    @DisplayName("issue 13: generic parameter and result types round trip")
    void genericTypesRoundTrip() {
        Map<String, List<Integer>> histogram = reports.histogram(List.of("ab", "abc"), Map.of("abc", 9));
        assertThat(histogram).isEqualTo(Map.of("ab", List.of(2, 0), "abc", List.of(3, 9)));
        assertThat(histogram.get("abc").get(0)).isInstanceOf(Integer.class);
    }

    @Test
    @DisplayName("issue 13: a remote failure surfaces as GearmanJobException, sync and async")
    void remoteFailureIsAGearmanJobException() {
        assertThatThrownBy(() -> reports.fail("boom")).isInstanceOfSatisfying(GearmanJobException.class, e -> {
            assertThat(e.remoteType()).isEqualTo(IllegalStateException.class.getName());
            assertThat(e.remoteMessage()).isEqualTo("boom");
        });
        // and the workers keep running
        assertThat(reports.render("after", 1).customer()).isEqualTo("after");
    }

    @Test
    @DisplayName("issue 13: a SubmitOptions parameter is no argument; the worker sees only the others")
    void submitOptionsAreNoArgument() {
        assertThat(reports.echo("x", SubmitOptions.builder().unique("echo-1").build())).isEqualTo("x/null");
        assertThat(reports.echo("y", null)).isEqualTo("y/null");
    }

    @Test
    @DisplayName("issue 13: an argument JSON cannot write fails the call before anything is sent, naming it")
    void unwritableArgumentFailsBeforeSending() throws Exception {
        Unserved unserved = remote(Unserved.class);
        assertThatThrownBy(() -> unserved.measure("label", Double.NaN))
                .isInstanceOf(GearmanPayloadException.class)
                .hasMessageContaining(Unserved.class.getName() + "#measure(String, double)")
                .hasMessageContaining("argument 'ratio' is NaN");
        // nested in a record: JSON-B itself refuses it
        assertThatThrownBy(() -> unserved.inspect(new Unserved.Sample("s", Double.POSITIVE_INFINITY)))
                .isInstanceOf(GearmanPayloadException.class)
                .hasMessageContaining(Unserved.class.getName() + "#inspect(Sample)")
                .hasMessageContaining("argument 'sample' (" + Unserved.Sample.class.getName() + ") cannot be written");
        try (AdminClient admin = AdminClient.connect(gearmand.address(), Duration.ofSeconds(10))) {
            assertThat(admin.status()).extracting(FunctionStatus::name)
                    .noneMatch(name -> name.contains("typed-unserved-measure") || name.contains("typed-unserved-inspect"));
        }
    }

    @Test
    @DisplayName("issue 13: @GearmanJob(priority) sets the priority; a SubmitOptions argument's overrides it")
    void priorityFromTheAnnotationAndFromTheOptionsArgument() throws Exception {
        Unserved unserved = remote(Unserved.class);
        unserved.queue("a");
        unserved.queue("b", SubmitOptions.builder().priority(Priority.LOW).build());
        try (AdminClient admin = AdminClient.connect(gearmand.address(), Duration.ofSeconds(10))) {
            PriorityStatus status = admin.priorityStatus().stream()
                    .filter(s -> s.name().endsWith("typed-unserved-queue")).findFirst().orElseThrow();
            assertThat(status.high()).isEqualTo(1);
            assertThat(status.normal()).isZero();
            assertThat(status.low()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("issue 13: the async stage of a failing job completes with GearmanJobException")
    void asyncRemoteFailure() {
        Reports.Report ok = reports.renderAsync("fine", 2).toCompletableFuture().join();
        assertThat(ok.month()).isEqualTo(2);
        assertThatThrownBy(() -> reports.failAsync("async boom").toCompletableFuture().join())
                .isInstanceOf(CompletionException.class).cause().isInstanceOfSatisfying(GearmanJobException.class,
                        e -> assertThat(e.remoteMessage()).isEqualTo("async boom"));
    }

    @Test
    @DisplayName("issue 13: @GearmanJob(priority) on the interface is every method's priority; a method's own wins")
    void interfaceLevelPriority() throws Exception {
        UrgentUnserved urgent = remote(UrgentUnserved.class);
        urgent.queue("a");
        urgent.later("b");
        try (AdminClient admin = AdminClient.connect(gearmand.address(), Duration.ofSeconds(10))) {
            List<PriorityStatus> all = admin.priorityStatus();
            PriorityStatus queued = all.stream().filter(s -> s.name().endsWith("typed-urgent-queue")).findFirst()
                    .orElseThrow();
            assertThat(queued.high()).isEqualTo(1);
            assertThat(queued.normal()).isZero();
            PriorityStatus later = all.stream().filter(s -> s.name().endsWith("typed-urgent-later")).findFirst()
                    .orElseThrow();
            assertThat(later.low()).isEqualTo(1);
            assertThat(later.high()).isZero();
        }
    }

    @Test
    @DisplayName("issue 13: retries on the interface apply to the bean implementing it; a method's own value wins")
    void interfaceLevelRetries() throws Exception {
        Flaky flaky = remote(Flaky.class);
        assertThat(flaky.once("k")).isEqualTo("once:k after 2 attempts");
        assertThat(flaky.thrice("k")).isEqualTo("thrice:k after 4 attempts");
        GearmanExtension extension = app.container().getBeanManager().getExtension(GearmanExtension.class);
        JobDefinition once = extension.jobs().stream().filter(j -> j.name().equals("typed-flaky-once")).findFirst()
                .orElseThrow();
        assertThat(once.javaMethod()).isEqualTo(FlakyBean.class.getMethod("once", String.class));
        GearmanJob merged = once.method().getAnnotation(GearmanJob.class);
        assertThat(merged.retries()).isEqualTo(1);
        assertThat(merged.backoff()).isEqualTo("10ms");
        assertThat(merged.name()).isEqualTo("typed-flaky-once");
    }
}
