package io.gearmancdi.tracing;

import java.util.Map;

/**
 * Starts the spans of submissions and jobs. {@link #OFF} (no OpenTelemetry) does nothing and allocates nothing, so the
 * job path pays one call that returns a constant. Thread-safe.
 */
public interface JobTracing {
    /** Traces nothing: every span it returns is a shared no-op. */
    JobTracing OFF = new JobTracing() {
        @Override
        public SubmitSpan submit(String logicalName, String function, boolean background) {
            return SubmitSpan.NONE;
        }

        @Override
        public JobSpan process(String logicalName, String function, String handle, int attempt, String traceparent,
                               String tracestate) {
            return JobSpan.NONE;
        }

        @Override
        public String toString() {
            return "JobTracing.OFF";
        }
    };

    /**
     * Starts the PRODUCER span of one submission, a child of the caller's current context (not made current itself).
     *
     * @param logicalName the job's logical name
     * @param function    the Gearman function it is submitted to
     * @param background  whether it is a background submission
     * @return the span; {@link SubmitSpan#meta()} is what the payload's {@code meta} carries
     */
    SubmitSpan submit(String logicalName, String function, boolean background);

    /**
     * Starts the CONSUMER span of one job and makes it current on the calling thread, so that the spans the job starts
     * (JDBC, REST clients) are its children. End it on the same thread.
     *
     * @param logicalName the job's logical name
     * @param function    the Gearman function
     * @param handle      the job handle
     * @param attempt     which attempt this is, from 1
     * @param traceparent the payload's {@code meta.traceparent}, or {@code null}; a malformed one is ignored (the job
     *                    starts a new trace) and {@link JobSpan#parentIgnored()} says so
     * @param tracestate  the payload's {@code meta.tracestate}, or {@code null}
     */
    JobSpan process(String logicalName, String function, String handle, int attempt, String traceparent,
                    String tracestate);

    /** The PRODUCER span of one submission. Its methods may be called from any thread. */
    interface SubmitSpan {
        /** The span of {@link #OFF}. */
        SubmitSpan NONE = new SubmitSpan() {
            @Override
            public Map<String, String> meta() {
                return Map.of();
            }

            @Override
            public void handle(String handle) {
            }

            @Override
            public void end(Throwable failure) {
            }
        };

        /** @return the trace context to put into the payload's {@code meta} (empty when nothing is traced) */
        Map<String, String> meta();

        /** Records the job handle the server gave, once known. */
        void handle(String handle);

        /**
         * Ends the span; a second call does nothing.
         *
         * @param failure why the submission or the job failed (status ERROR, an exception event), or {@code null}
         */
        void end(Throwable failure);
    }

    /** The CONSUMER span of one job, current on the thread that started it until {@link #end()}. */
    interface JobSpan {
        /** The span of {@link #OFF}. */
        JobSpan NONE = new JobSpan() {
            @Override
            public boolean parentIgnored() {
                return false;
            }

            @Override
            public void failed(Throwable failure) {
            }

            @Override
            public void end() {
            }
        };

        /** @return whether a {@code traceparent} was sent but was malformed, so the job started a new trace */
        boolean parentIgnored();

        /** Records that the job failed: status ERROR and an exception event. */
        void failed(Throwable failure);

        /** Ends the span and restores the thread's previous context; call it on the thread that started the span. */
        void end();
    }
}
