package io.gearmancdi.admin;

/**
 * One line of the {@code status} admin reply.
 *
 * <p>Counts are {@code long} because gearmand 1.1.20 can underflow its running counter to 4294967295 (a
 * {@code CAN_DO_TIMEOUT} bug); this parser passes such values through rather than failing.
 *
 * @param name    the function name
 * @param total   jobs queued plus running (including cancelled ones not yet purged)
 * @param running jobs currently assigned to a worker
 * @param workers worker connections registered for the function (not necessarily idle)
 */
public record FunctionStatus(String name, long total, long running, long workers) {
}
