package io.gearmancdi.protocol;

/**
 * One unit read from a Gearman port: a binary {@link Packet} or, on a server, an admin {@link TextLine}.
 * The two share a port; the first byte of a request tells them apart ({@code 0x00} opens a binary packet).
 */
public sealed interface Frame permits Packet, TextLine {
}
