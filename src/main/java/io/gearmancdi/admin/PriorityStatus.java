package io.gearmancdi.admin;

/**
 * One line of the {@code prioritystatus} admin reply (gearmand 1.1.15 and later): jobs queued per priority.
 *
 * @param name    the function name
 * @param high    queued (not running) high-priority jobs
 * @param normal  queued normal-priority jobs
 * @param low     queued low-priority jobs
 * @param workers worker connections registered for the function
 */
public record PriorityStatus(String name, long high, long normal, long low, long workers) {
}
