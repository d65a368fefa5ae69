package io.gearmancdi.testing;

import io.gearmancdi.JobHandle;
import io.gearmancdi.JobListener;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A job listener that records what reaches it, in order: {@code created} (with a handle), {@code status 1/3},
 * {@code data …}, {@code warning …}.
 */
public final class RecordingListener implements JobListener {
    private final List<String> seen = new CopyOnWriteArrayList<>();

    /** @return what was seen so far, in arrival order (payloads as UTF-8 text) */
    public List<String> seen() {
        return seen;
    }

    @Override
    public void onCreated(JobHandle handle) {
        seen.add(handle != null && handle.handle() != null ? "created" : "created without a handle");
    }

    @Override
    public void onStatus(JobHandle handle, long numerator, long denominator) {
        seen.add("status " + numerator + "/" + denominator);
    }

    @Override
    public void onData(JobHandle handle, byte[] data) {
        seen.add("data " + new String(data, StandardCharsets.UTF_8));
    }

    @Override
    public void onWarning(JobHandle handle, byte[] warning) {
        seen.add("warning " + new String(warning, StandardCharsets.UTF_8));
    }
}
