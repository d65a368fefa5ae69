package io.gearmancdi.testing;

import io.gearmancdi.worker.WorkerJob;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link WorkerJob} handed straight to a job function, recording what the job sends back: runs job code in-process,
 * without a server, for tests of binding and invocation.
 */
public final class RecordingWorkerJob implements WorkerJob {
    private final String function;
    private final byte[] payload;
    public final List<String> statuses = new CopyOnWriteArrayList<>();
    public final List<String> data = new CopyOnWriteArrayList<>();
    public final List<String> warnings = new CopyOnWriteArrayList<>();

    public RecordingWorkerJob(String function, String payload) {
        this.function = function;
        this.payload = payload.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String function() {
        return function;
    }

    @Override
    public String handle() {
        return "H:test:1";
    }

    @Override
    public String unique() {
        return "u-1";
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public void sendStatus(long numerator, long denominator) {
        statuses.add(numerator + "/" + denominator);
    }

    @Override
    public void sendData(byte[] bytes) {
        data.add(new String(bytes, StandardCharsets.UTF_8));
    }

    @Override
    public void sendWarning(byte[] warning) {
        warnings.add(new String(warning, StandardCharsets.UTF_8));
    }

    @Override
    public boolean isCancelled() {
        return false;
    }
}
