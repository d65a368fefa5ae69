package io.gearmancdi;

/**
 * A CDI event fired in the worker's application once a job has failed for good: after its last attempt
 * ({@link GearmanJob#retries()}), on a failure that is not retried ({@link GearmanJob#abortOn()}), or on a bad payload
 * ({@link GearmanPayloadException}, never retried). Fired once per job, before the job's failure is reported to the
 * job server, to synchronous observers and then to asynchronous ones ({@code @ObservesAsync}). An observer that throws
 * is logged and changes nothing for the job, its dead letter or the asynchronous observers; as always in CDI, the
 * synchronous observers ordered after it (by {@code @Priority}) do not see that event. With {@code gearman.dead-letter.job} set, the same fields are also submitted as a
 * background job to that job: {@code {"args": [{"jobName": ..., "functionName": ..., ...}]}}.
 *
 * @param jobName      the logical job name
 * @param functionName the Gearman function name the job was submitted to
 * @param handle       the job handle of the last attempt
 * @param unique       the unique id of the last attempt (a background retry's own, see the README)
 * @param attempts     how many attempts ran
 * @param errorType    the class name of the last failure ({@code io.gearmancdi.GearmanTimeoutException} for a time limit)
 * @param errorMessage the message of the last failure (may be {@code null})
 * @param payload      the request JSON the job was submitted with (UTF-8 decoded; a retry's {@code meta} included)
 */
public record JobFailure(String jobName, String functionName, String handle, String unique, int attempts,
                         String errorType, String errorMessage, String payload) {
}
