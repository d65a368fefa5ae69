package io.gearmancdi.worker;

import io.gearmancdi.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;

/** Base of the tests of one worker: the worker under test, stopped after each test, and the worker's log. */
abstract class AbstractWorkerTest {
    protected final LogCapture logs = LogCapture.of("io.gearmancdi.worker");
    /** The worker under test, if the test created one. */
    protected GearmanWorker worker;

    @AfterEach
    void stopWorker() {
        if (worker != null) {
            worker.shutdown(Duration.ZERO);
        }
        logs.close();
    }
}
