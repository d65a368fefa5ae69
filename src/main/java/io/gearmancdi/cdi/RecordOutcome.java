package io.gearmancdi.cdi;

import io.gearmancdi.GearmanException;
import io.gearmancdi.GearmanPayloadException;
import io.gearmancdi.JobOutcome;
import io.gearmancdi.ResultType;
import io.gearmancdi.json.PayloadCodec;
import io.gearmancdi.store.JobRecord;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/** A {@link JobOutcome} read from a job record, or the {@link State#UNKNOWN} outcome of a job the store does not know. */
final class RecordOutcome implements JobOutcome {
    private final String unique;
    private final JobRecord record; // null when unknown
    private final PayloadCodec codec;

    private RecordOutcome(String unique, JobRecord record, PayloadCodec codec) {
        this.unique = unique;
        this.record = record;
        this.codec = codec;
    }

    static JobOutcome of(JobRecord record, PayloadCodec codec) {
        return new RecordOutcome(record.unique(), record, codec);
    }

    static JobOutcome unknown(String unique) {
        return new RecordOutcome(unique, null, null);
    }

    @Override
    public String unique() {
        return unique;
    }

    @Override
    public State state() {
        return record == null ? State.UNKNOWN : record.state();
    }

    @Override
    public String jobName() {
        return record == null ? null : record.jobName();
    }

    @Override
    public int attempts() {
        return record == null || record.attempts() == null ? 0 : record.attempts();
    }

    @Override
    public double progress() {
        if (record != null && record.state() == State.SUCCEEDED) {
            return 1; // whatever the job last reported, it is done
        }
        if (record == null || record.progressNumerator() == null || record.progressDenominator() == null
                || record.progressDenominator() <= 0) {
            return 0;
        }
        return Math.max(0, Math.min(1, (double) record.progressNumerator() / record.progressDenominator()));
    }

    @Override
    public <T> T result(Class<T> type) {
        return read(type);
    }

    @Override
    public <T> T result(ResultType<T> type) {
        return read(type.type());
    }

    @SuppressWarnings("unchecked")
    private <T> T read(Type type) {
        if (state() != State.SUCCEEDED) {
            throw new IllegalStateException("job " + unique + " has no result: it is " + state());
        }
        String json = record.result();
        if (json == null) {
            throw new GearmanPayloadException("job " + unique + " succeeded, but its result was not stored");
        }
        if (json.endsWith(JobRecord.TRUNCATED)) {
            throw new GearmanPayloadException("the stored result of job " + unique + " was truncated (it was longer "
                    + "than the store keeps) and cannot be read; the job itself succeeded");
        }
        if (type == Void.class || type == void.class) {
            return null;
        }
        try {
            return (T) codec.decodeValue(json.getBytes(StandardCharsets.UTF_8), type);
        } catch (GearmanPayloadException e) {
            throw new GearmanPayloadException("the stored result of job " + unique + ": " + e.getMessage(),
                    e.getCause());
        } catch (GearmanException e) {
            throw new GearmanPayloadException("the stored result of job " + unique + " cannot be read as " + type
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> errorType() {
        return Optional.ofNullable(record == null ? null : record.errorType());
    }

    @Override
    public Optional<String> errorMessage() {
        return Optional.ofNullable(record == null ? null : record.errorMessage());
    }

    @Override
    public Optional<Instant> submittedAt() {
        return Optional.ofNullable(record == null ? null : record.submittedAt());
    }

    @Override
    public Optional<Instant> startedAt() {
        return Optional.ofNullable(record == null ? null : record.startedAt());
    }

    @Override
    public Optional<Instant> finishedAt() {
        return Optional.ofNullable(record == null ? null : record.finishedAt());
    }

    @Override
    public Optional<Instant> nextAttemptAt() {
        return Optional.ofNullable(record == null ? null : record.nextAttemptAt());
    }

    @Override
    public Optional<String> worker() {
        return Optional.ofNullable(record == null ? null : record.worker());
    }

    @Override
    public String toString() {
        return "JobOutcome[" + unique + ", " + state() + (record != null && record.attempts() != null
                ? ", attempts " + record.attempts() : "") + "]";
    }
}
