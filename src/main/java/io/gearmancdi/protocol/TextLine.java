package io.gearmancdi.protocol;

/**
 * A line of the admin text protocol (for example {@code status} or {@code maxqueue fn 10}), without its line end.
 *
 * @param text the line as sent, decoded as UTF-8, with the trailing {@code \r\n} or {@code \n} removed
 */
public record TextLine(String text) implements Frame {
}
