package io.gearmancdi.cdi;

import io.gearmancdi.JobHandle;
import io.gearmancdi.JobNameMapper;
import io.gearmancdi.JobRequest;
import io.gearmancdi.ServerAddress;
import io.gearmancdi.SubmitOptions;
import io.gearmancdi.admin.AdminClient;
import io.gearmancdi.client.ClientOptions;
import io.gearmancdi.client.JobClient;
import io.gearmancdi.json.PayloadCodec;
import io.gearmancdi.testing.EmbeddedJobServer;
import io.gearmancdi.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 12, enqueue after commit: how {@link DefaultGearmanClient} defers background submissions, with a transaction
 * driven by the test on the embedded server. The container's side (the registry, a real commit and rollback) is proven
 * by the ear-example in WildFly and Payara.
 */
class AfterCommitTest {
    private static final JobNameMapper SAME = name -> name;

    private final EmbeddedJobServer server = EmbeddedJobServer.start();
    private final ManualTransaction tx = new ManualTransaction();
    private final DefaultGearmanClient client = client(server.address());

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    private DefaultGearmanClient client(ServerAddress address) {
        JobClient plain = JobClient.create(ClientOptions.builder().servers(List.of(address))
                .submitTimeout(Duration.ofSeconds(10)).build());
        return new DefaultGearmanClient(plain, new PayloadCodec(), SAME, ClientCompletion.Stages.AS_IS, tx);
    }

    @Test
    void submissionInATransactionWaitsForTheCommitAndIsQueuedThen() throws Exception {
        tx.begin();
        JobHandle deferred = client.submitBackground("after-commit", "x");
        CompletableFuture<JobHandle> stage = client.submitBackgroundAsync(JobRequest.of("after-commit").arg("y"))
                .toCompletableFuture();

        assertThat(deferred.isDeferred()).isTrue();
        assertThat(deferred.unique()).isNotBlank();
        assertThat(stage).isNotDone();
        assertThat(queued("after-commit")).as("nothing on the server before the commit").isZero();
        assertThat(client.status(deferred).known()).isFalse();

        tx.commit();
        JobHandle handle = stage.get(10, TimeUnit.SECONDS);
        assertThat(handle.isDeferred()).isFalse();
        awaitQueued("after-commit", 2);
        assertThat(client.status(deferred).known()).as("the deferred handle finds its job by unique id").isTrue();
    }

    @Test
    void rollbackSubmitsNothingAndCancelsTheStage() throws Exception {
        tx.begin();
        client.submitBackground("rolled-back", "x");
        CompletableFuture<JobHandle> stage = client.submitBackgroundAsync(JobRequest.of("rolled-back"))
                .toCompletableFuture();

        tx.rollback();
        assertThat(stage).isCancelled();
        assertThatThrownBy(stage::join).isInstanceOf(CancellationException.class).hasMessageContaining("rolled back");
        // a job submitted after the rollback, outside any transaction, is queued alone
        client.submitBackground("rolled-back", "after");
        assertThat(queued("rolled-back")).isEqualTo(1);
    }

    @Test
    void immediateSubmitsInsideTheTransaction() {
        tx.begin();
        JobHandle handle = client.submitBackground(JobRequest.of("immediate")
                .options(SubmitOptions.builder().immediate().build()));
        assertThat(handle.isDeferred()).isFalse();
        assertThat(queued("immediate")).isEqualTo(1);
        tx.rollback();
        assertThat(queued("immediate")).as("opted out: the rollback does not take it back").isEqualTo(1);
    }

    @Test
    void outsideATransactionNothingIsDeferred() {
        JobHandle handle = client.submitBackground("no-tx", "x");
        assertThat(handle.isDeferred()).isFalse();
        assertThat(queued("no-tx")).isEqualTo(1);
    }

    @Test
    void failureToSubmitAfterTheCommitIsLoggedAndFailsTheStage() throws Exception {
        EmbeddedJobServer gone = EmbeddedJobServer.start();
        ServerAddress address = gone.address();
        gone.close();
        try (DefaultGearmanClient unreachable = client(address);
             LogCapture log = LogCapture.of("io.gearmancdi.cdi.GearmanClientBean")) {
            tx.begin();
            JobHandle deferred = unreachable.submitBackground("lost", "x");
            CompletableFuture<JobHandle> stage = unreachable.submitBackgroundAsync(JobRequest.of("lost"))
                    .toCompletableFuture();
            tx.commit(); // the server is down: both submissions fail after the commit

            assertThatThrownBy(() -> stage.get(10, TimeUnit.SECONDS)).hasMessageContaining("no gearman server");
            assertThat(log.await(Level.SEVERE, "GEARMAN-7016", 10_000)).isTrue();
            assertThat(log.matching(Level.SEVERE, "GEARMAN-7016")).anySatisfy(r ->
                    assertThat(r.getMessage()).contains("unique " + deferred.unique()));
        }
    }

    @Test
    void badArgumentsFailTheCallInsideTheTransactionNotLater() {
        tx.begin();
        Object unserializable = new Object() {
            @SuppressWarnings("unused")
            public Object getSelf() {
                return this;
            }
        };
        assertThatThrownBy(() -> client.submitBackground("bad", unserializable)).isInstanceOf(RuntimeException.class);
        assertThat(tx.callbacks).isEmpty();
    }

    @Test
    void withoutJndiThereAreNoTransactions() {
        assertThat(Transactions.lookup()).isSameAs(Transactions.NONE);
    }

    private long queued(String function) {
        try (AdminClient admin = AdminClient.connect(server.address(), Duration.ofSeconds(5))) {
            return admin.status().stream().filter(f -> f.name().equals(function)).mapToLong(f -> f.total())
                    .sum();
        }
    }

    private void awaitQueued(String function, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (queued(function) != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(queued(function)).isEqualTo(expected);
    }

    /** A transaction the test begins and ends; its synchronizations run on the test's thread, as in a container. */
    private static final class ManualTransaction extends Transactions {
        final List<Consumer<Outcome>> callbacks = new ArrayList<>();
        private boolean active;

        void begin() {
            active = true;
        }

        void commit() {
            end(Outcome.COMMITTED);
        }

        void rollback() {
            end(Outcome.ROLLED_BACK);
        }

        private void end(Outcome outcome) {
            active = false;
            callbacks.forEach(c -> c.accept(outcome));
            callbacks.clear();
        }

        @Override
        boolean afterCompletion(Consumer<Outcome> then) {
            if (!active) {
                return false;
            }
            callbacks.add(then);
            return true;
        }
    }
}
