package io.gearmancdi.cdi;

import io.gearmancdi.JobHandle;
import io.gearmancdi.JobOutcome.State;
import io.gearmancdi.json.Envelope;
import io.gearmancdi.json.PayloadCodec;
import io.gearmancdi.store.JobRecord;
import io.gearmancdi.store.JobStore;
import io.gearmancdi.worker.WorkerJob;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Turns what clients and workers see into changes of job records ({@link JobStore#write}, which never blocks).
 * A record is keyed by the unique id the job was first submitted with: a background retry carries it in its payload's
 * {@code meta.unique} (its own unique id is {@code <unique>#<attempt>}), so all attempts share one record. A job with
 * no unique id is keyed {@code handle:<handle>}.
 */
final class JobRecorder {
    /** The member of {@code meta} that carries the first attempt's unique id in a background retry. */
    static final String META_UNIQUE = Envelope.UNIQUE;
    private static final String WORKER = workerId();

    private final JobStore store;
    private final PayloadCodec codec;

    JobRecorder(JobStore store, PayloadCodec codec) {
        this.store = store;
        this.codec = codec;
    }

    /** @return the store written to */
    JobStore store() {
        return store;
    }

    /** A background job was queued by this client. */
    void queued(JobHandle handle, String jobName, String function, byte[] payload) {
        Instant now = Instant.now();
        store.write(new JobRecord(handle.unique(), handle.server() == null ? null : handle.server().toString(),
                handle.handle(), jobName, function, State.QUEUED, null, null, null, text(payload), null, null, null,
                null, now, null, null, null, now));
    }

    /** A queued job was removed from its server. */
    void cancelled(JobHandle handle) {
        Instant now = Instant.now();
        store.write(new JobRecord(handle.unique(), null, null, null, null, State.CANCELLED, null, null, null, null,
                null, null, null, null, null, null, now, null, now));
    }

    /** @return the key of the job's record: the first attempt's unique id */
    String key(WorkerJob job, Envelope envelope) {
        String origin = envelope == null ? null : envelope.meta().get(META_UNIQUE);
        if (origin != null) {
            try {
                Object unique = codec.decodeValue(origin.getBytes(StandardCharsets.UTF_8), String.class);
                if (unique instanceof String s && !s.isEmpty()) {
                    return s;
                }
            } catch (RuntimeException e) {
                // not a string: the job's own unique id keys it
            }
        }
        return job.unique() == null || job.unique().isEmpty() ? "handle:" + job.handle() : job.unique();
    }

    /** @return the key of the job's record, reading its payload's {@code meta} (a bad payload: its own unique id) */
    String key(WorkerJob job) {
        Envelope envelope;
        try {
            envelope = codec.decodeRequest(job.payload());
        } catch (RuntimeException e) {
            envelope = null;
        }
        return key(job, envelope);
    }

    /** An attempt starts on this worker (the first record of a job another client submitted). */
    void running(String key, WorkerJob job, String jobName) {
        Instant now = Instant.now();
        store.write(new JobRecord(key, null, job.attempt() == 1 ? job.handle() : null, jobName, job.function(),
                State.RUNNING, job.attempt(), null, null, job.attempt() == 1 ? text(job.payload()) : null, null, null,
                null, WORKER, null, now, null, null, now));
    }

    /** The job reported progress. */
    void progress(String key, long numerator, long denominator) {
        store.write(new JobRecord(key, null, null, null, null, State.RUNNING, null, numerator, denominator, null, null,
                null, null, null, null, null, null, null, Instant.now()));
    }

    /** The job returned its result. */
    void succeeded(String key, int attempt, byte[] result) {
        Instant now = Instant.now();
        store.write(new JobRecord(key, null, null, null, null, State.SUCCEEDED, attempt, null, null, null, text(result),
                null, null, null, null, null, now, null, now));
    }

    /** An attempt failed and another follows around {@code nextAttemptAt}. */
    void retrying(String key, int attempt, Throwable failure, Instant nextAttemptAt) {
        store.write(new JobRecord(key, null, null, null, null, State.RETRYING, attempt, null, null, null, null,
                failure.getClass().getName(), String.valueOf(failure.getMessage()), null, null, null, null,
                nextAttemptAt, Instant.now()));
    }

    /** The job failed for good. */
    void failed(WorkerJob job, String jobName, Throwable failure) {
        Instant now = Instant.now();
        store.write(new JobRecord(key(job), null, null, jobName, job.function(), State.FAILED, job.attempt(), null,
                null, null, null, failure.getClass().getName(), String.valueOf(failure.getMessage()), null, null, null,
                now, null, now));
    }

    private static String text(byte[] utf8) {
        return utf8 == null ? null : new String(utf8, StandardCharsets.UTF_8);
    }

    /** @return {@code host/pid}: which worker ran an attempt */
    private static String workerId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "unknown-host");
        }
        return host + "/" + ProcessHandle.current().pid();
    }
}
