package io.gearmancdi.cdi;

import io.gearmancdi.GearmanClient;
import io.gearmancdi.GearmanRemote;
import io.gearmancdi.JobRequest;
import io.gearmancdi.cdi.invalid.jsonb.TwoJsonbProducers;
import io.gearmancdi.cdi.jsonb.GearmanJsonbProducer;
import io.gearmancdi.cdi.jsonb.Invoice;
import io.gearmancdi.cdi.jsonb.InvoiceJobs;
import io.gearmancdi.cdi.jsonb.Invoices;
import io.gearmancdi.protocol.Packet;
import io.gearmancdi.protocol.PacketType;
import io.gearmancdi.testing.CdiApp;
import io.gearmancdi.testing.Gearmand;
import io.gearmancdi.testing.GearmandExtension;
import io.gearmancdi.testing.RawGearman;
import io.gearmancdi.testing.TestConfig;
import io.gearmancdi.testing.WithCdiApp;
import jakarta.enterprise.inject.spi.DeploymentException;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.junit5.WeldInitiator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 13, "JSON-B is configurable": an application's {@code @GearmanJson Jsonb} (a naming strategy and an adapter)
 * is what the workers read and write, what the client writes and reads, and what the typed proxies use; without it
 * the library's default JSON form stays.
 */
@ExtendWith(GearmandExtension.class)
@WithCdiApp(beans = {GearmanJsonbProducer.class, InvoiceJobs.class, Invoices.class},
        settings = {"gearman.job-name.prefix=none", "gearman.client.timeout=30s"})
class ApplicationJsonbTest {
    /** The invoice as the application's Jsonb writes it: snake_case names, the amount as a decimal string. */
    private static final String CUSTOM = "{\"customer_name\":\"acme\",\"total\":{\"value\":\"12.50\",\"currency\":\"EUR\"}}";
    private static final Invoice INVOICE = new Invoice("acme", new Invoice.Money(new BigDecimal("12.50"), "EUR"));

    private final Gearmand gearmand;
    /** The application with its own {@code @GearmanJson Jsonb}, shared by the class. */
    private final CdiApp custom;

    ApplicationJsonbTest(Gearmand gearmand, CdiApp custom) {
        this.gearmand = gearmand;
        this.custom = custom;
    }

    @Test
    @DisplayName("issue 13: the worker reads arguments and writes results in the application's JSON-B form")
    void workerReadsAndWritesTheCustomForm() {
        try (RawGearman caller = RawGearman.connect(gearmand.address())) {
            String handle = caller.submit("jsonb-describe", "", ("{\"args\":[" + CUSTOM + "]}")
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(result(caller.awaitEnd(handle, Duration.ofSeconds(30)))).isEqualTo("\"acme owes 12.50 EUR\"");

            handle = caller.submit("jsonb-with-tax", "", ("{\"kwargs\":{\"invoice\":" + CUSTOM + "}}")
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(result(caller.awaitEnd(handle, Duration.ofSeconds(30)))).isEqualTo(
                    "{\"customer_name\":\"acme\",\"total\":{\"value\":\"15.00\",\"currency\":\"EUR\"}}");
        }
    }

    @Test
    @DisplayName("issue 13: the client writes the application's JSON-B form and reads it back")
    void clientWritesAndReadsTheCustomForm() throws Exception {
        GearmanClient client = custom.get(GearmanClient.class);
        Invoice back = foreignWorker(client, c -> c.callAsync(JobRequest.of("jsonb-foreign").arg(INVOICE), Invoice.class),
                "{\"args\":[" + CUSTOM + "]}");
        assertThat(back).isEqualTo(new Invoice("globex", new Invoice.Money(new BigDecimal("7.25"), "USD")));
        assertThat(client.call("jsonb-with-tax", Invoice.class, INVOICE).total().value()).isEqualByComparingTo("15");
    }

    @Test
    @DisplayName("issue 13: a typed proxy writes and reads the application's JSON-B form")
    void proxyUsesTheCustomForm() throws Exception {
        Invoices invoices = custom.container().select(Invoices.class, GearmanRemote.Literal.INSTANCE).get();
        assertThat(invoices.describe(INVOICE)).isEqualTo("acme owes 12.50 EUR");
        Invoice back = foreignWorker(invoices, i -> CompletableFuture.supplyAsync(() -> i.foreign(INVOICE)),
                "{\"args\":[],\"kwargs\":{\"invoice\":" + CUSTOM + "}}");
        assertThat(back.customerName()).isEqualTo("globex");
    }

    @Test
    @DisplayName("issue 13: without a @GearmanJson Jsonb the client writes the default JSON-B form")
    void defaultFormWithoutTheBean() throws Exception {
        try (CdiApp plain = CdiApp.start(Map.of("gearman.servers", gearmand.address().toString(),
                "gearman.job-name.prefix", "none", "gearman.client.timeout", "30s", "gearman.worker.enabled", "false"));
             RawGearman worker = RawGearman.connect(gearmand.address())) {
            worker.canDo("jsonb-plain").sync();
            CompletableFuture<Invoice> call = plain.get(GearmanClient.class)
                    .callAsync(JobRequest.of("jsonb-plain").arg(INVOICE), Invoice.class).toCompletableFuture();
            Packet job = grabWhenQueued(worker);
            assertThat(new String(job.data(), StandardCharsets.UTF_8)).isEqualTo("{\"args\":[{\"customerName\":\"acme\","
                    + "\"total\":{\"currencyCode\":\"EUR\",\"value\":12.50}}]}");
            worker.send(Packet.request(PacketType.WORK_COMPLETE, job.argument(0),
                    "{\"customerName\":\"b\",\"total\":{\"currencyCode\":\"EUR\",\"value\":1}}"
                            .getBytes(StandardCharsets.UTF_8)));
            assertThat(call.get(30, TimeUnit.SECONDS).customerName()).isEqualTo("b");
        }
    }

    @Test
    @DisplayName("issue 13: two @GearmanJson Jsonb beans are a deployment error naming both")
    void ambiguousJsonbBeans() {
        try (TestConfig ignored = TestConfig.install(Map.of("gearman.worker.enabled", "false"));
             WeldContainer container = WeldInitiator.createWeld()
                     .addBeanClasses(TwoJsonbProducers.class)
                     .addExtension(new GearmanExtension())
                     .addExtension(new io.smallrye.config.inject.ConfigExtension())
                     .initialize()) {
            throw new AssertionError("deployed: " + container);
        } catch (DeploymentException e) {
            assertThat(e).hasMessageContaining("2 beans of @GearmanJson jakarta.json.bind.Jsonb")
                    .hasMessageContaining("producer method " + TwoJsonbProducers.class.getName() + "#first()")
                    .hasMessageContaining("producer method " + TwoJsonbProducers.class.getName() + "#second()");
        }
    }

    /**
     * Plays the worker of {@code jsonb-foreign} on a raw connection: checks the payload the caller sent and answers
     * with an invoice in the custom form.
     */
    private <T> Invoice foreignWorker(T caller, Function<T, java.util.concurrent.CompletionStage<Invoice>> call,
                                      String expectedPayload) throws Exception {
        try (RawGearman worker = RawGearman.connect(gearmand.address())) {
            worker.canDo("jsonb-foreign").sync();
            CompletableFuture<Invoice> result = call.apply(caller).toCompletableFuture();
            Packet job = grabWhenQueued(worker);
            assertThat(new String(job.data(), StandardCharsets.UTF_8)).isEqualTo(expectedPayload);
            worker.send(Packet.request(PacketType.WORK_COMPLETE, job.argument(0),
                    "{\"customer_name\":\"globex\",\"total\":{\"value\":\"7.25\",\"currency\":\"USD\"}}"
                            .getBytes(StandardCharsets.UTF_8)));
            return result.get(30, TimeUnit.SECONDS);
        }
    }

    /** Sleeps (PRE_SLEEP) until the server wakes the worker (NOOP), so the submission need not come first. */
    private static Packet grabWhenQueued(RawGearman worker) {
        worker.send(PacketType.PRE_SLEEP).expect(PacketType.NOOP);
        return worker.grab();
    }

    private static String result(List<Packet> packets) {
        Packet last = packets.get(packets.size() - 1);
        assertThat(last.type()).as("%s", packets).isEqualTo(PacketType.WORK_COMPLETE);
        return new String(last.data(), StandardCharsets.UTF_8);
    }
}
