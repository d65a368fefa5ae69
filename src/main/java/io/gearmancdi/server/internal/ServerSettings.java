package io.gearmancdi.server.internal;

/**
 * Everything the embedded server is configured with, already validated by the public builder.
 *
 * @param host               address to bind
 * @param port               port to bind, 0 for any free one
 * @param maxPacketSize      largest request body accepted
 * @param jobRetries         attempts before a job whose worker keeps vanishing is dropped; 0 = unlimited
 * @param maxQueue           default queue limit per priority (high, normal, low) for new functions; 0 = unlimited
 * @param maxQueueBytes      bytes all jobs held by the server may take (payloads plus a fixed overhead per job)
 *                           before submits get {@code QUEUE_ERROR}; 0 = unlimited
 * @param maxBufferedInput   bytes of read buffers all connections together may hold beyond their small initial
 *                           buffers (partly received packets); a connection that needs more is closed
 * @param maxPendingOutput   bytes queued for a connection that does not read before it is closed
 * @param exceptions         whether every client gets WORK_EXCEPTION without asking (gearmand {@code --exceptions})
 * @param jobHandlePrefix    prefix of job handles, e.g. {@code H:myhost}
 * @param adminShutdown      whether the {@code shutdown} admin command is honoured
 * @param version            what the {@code version} admin command reports
 */
public record ServerSettings(String host, int port, int maxPacketSize, int jobRetries, int[] maxQueue,
                             long maxQueueBytes, long maxBufferedInput, long maxPendingOutput, boolean exceptions,
                             String jobHandlePrefix, boolean adminShutdown, String version) {
}
