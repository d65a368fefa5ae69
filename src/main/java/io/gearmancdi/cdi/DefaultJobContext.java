package io.gearmancdi.cdi;

import io.gearmancdi.JobContext;
import io.gearmancdi.json.PayloadCodec;
import io.gearmancdi.worker.WorkerJob;

import java.nio.charset.StandardCharsets;

/** The {@link JobContext} of one running job, over the worker's {@link WorkerJob}. */
final class DefaultJobContext implements JobContext {
    private final WorkerJob job;
    private final String logicalName;
    private final PayloadCodec codec;

    private final JobRecorder recorder; // null without a job record store
    private final String recordKey;

    DefaultJobContext(WorkerJob job, String logicalName, PayloadCodec codec) {
        this(job, logicalName, codec, null, null);
    }

    DefaultJobContext(WorkerJob job, String logicalName, PayloadCodec codec, JobRecorder recorder, String recordKey) {
        this.job = job;
        this.logicalName = logicalName;
        this.codec = codec;
        this.recorder = recorder;
        this.recordKey = recordKey;
    }

    @Override
    public String handle() {
        return job.handle();
    }

    @Override
    public String unique() {
        return job.unique();
    }

    @Override
    public String jobName() {
        return logicalName;
    }

    @Override
    public String functionName() {
        return job.function();
    }

    @Override
    public int attempt() {
        return job.attempt();
    }

    @Override
    public int maxAttempts() {
        return job.maxAttempts();
    }

    @Override
    public void progress(long numerator, long denominator) {
        job.sendStatus(numerator, denominator);
        if (recorder != null) {
            recorder.progress(recordKey, numerator, denominator);
        }
    }

    @Override
    public void sendData(Object data) {
        job.sendData(codec.encodeValue(data));
    }

    @Override
    public void sendWarning(String warning) {
        job.sendWarning((warning == null ? "" : warning).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean isCancelled() {
        return job.isCancelled();
    }

    @Override
    public String toString() {
        return "JobContext[" + logicalName + ", " + job.handle() + "]";
    }
}
