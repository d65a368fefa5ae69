package io.gearmancdi.protocol;

import io.gearmancdi.GearmanProtocolException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A binary Gearman packet: magic, type and exactly {@link PacketType#argumentCount()} arguments.
 *
 * <p>Arguments are raw bytes. Only the last one may contain NUL bytes (it is the opaque payload); the others are
 * names, handles, unique ids and decimal numbers, which {@link #text(int)} decodes as UTF-8. Instances are immutable
 * by convention: the argument arrays are not copied, so callers must not modify them after construction.
 */
public final class Packet implements Frame {
    /** Size of the fixed header: magic, type and body size, four bytes each. */
    public static final int HEADER_SIZE = 12;

    private static final byte[] EMPTY = new byte[0];

    private final Magic magic;
    private final PacketType type;
    private final byte[][] arguments;

    private Packet(Magic magic, PacketType type, byte[][] arguments) {
        this.magic = magic;
        this.type = type;
        this.arguments = arguments;
    }

    /**
     * Creates a packet from raw arguments.
     *
     * @throws IllegalArgumentException if the argument count is wrong for the type, the magic is not allowed for the
     *                                  type, or a non-final argument contains a NUL byte
     */
    public static Packet of(Magic magic, PacketType type, byte[]... arguments) {
        if (!type.allows(magic)) {
            throw new IllegalArgumentException(type + " cannot be sent with magic " + magic);
        }
        if (arguments.length != type.argumentCount()) {
            throw new IllegalArgumentException(type + " takes " + type.argumentCount() + " arguments, got "
                    + arguments.length);
        }
        for (int i = 0; i < arguments.length - 1; i++) {
            if (indexOfNul(arguments[i]) >= 0) {
                throw new IllegalArgumentException(type + " argument " + i + " contains a NUL byte");
            }
        }
        return new Packet(magic, type, arguments.clone());
    }

    /** Creates a request ({@code \0REQ}) packet; text arguments are UTF-8, the last argument is given as bytes. */
    public static Packet request(PacketType type, byte[]... arguments) {
        return of(Magic.REQ, type, arguments);
    }

    /** Creates a response ({@code \0RES}) packet. */
    public static Packet response(PacketType type, byte[]... arguments) {
        return of(Magic.RES, type, arguments);
    }

    /** Creates a request whose arguments are all text (UTF-8). */
    public static Packet requestText(PacketType type, String... arguments) {
        return of(Magic.REQ, type, utf8(arguments));
    }

    /** Creates a response whose arguments are all text (UTF-8). */
    public static Packet responseText(PacketType type, String... arguments) {
        return of(Magic.RES, type, utf8(arguments));
    }

    /** Packet created by the decoder: arguments already split and checked. */
    static Packet decoded(Magic magic, PacketType type, byte[][] arguments) {
        return new Packet(magic, type, arguments);
    }

    /** @return the magic: {@link Magic#REQ} to the server, {@link Magic#RES} from it */
    public Magic magic() {
        return magic;
    }

    /** @return the packet type */
    public PacketType type() {
        return type;
    }

    /** @return the number of arguments (always the type's argument count) */
    public int argumentCount() {
        return arguments.length;
    }

    /** @return argument {@code index} as raw bytes (not a copy) */
    public byte[] argument(int index) {
        return arguments[index];
    }

    /** @return argument {@code index} decoded as UTF-8 */
    public String text(int index) {
        return new String(arguments[index], StandardCharsets.UTF_8);
    }

    /**
     * @return argument {@code index} parsed as a decimal number
     * @throws GearmanProtocolException if it is not one
     */
    public long number(int index) {
        String text = text(index).trim();
        try {
            return text.isEmpty() ? 0 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new GearmanProtocolException(type + " argument " + index + " is not a number: '" + text + "'");
        }
    }

    /** @return the last argument (the payload of packets that carry one), or an empty array for types without any */
    public byte[] data() {
        return arguments.length == 0 ? EMPTY : arguments[arguments.length - 1];
    }

    /** @return the body size on the wire */
    public int bodySize() {
        long size = Math.max(0, arguments.length - 1);
        for (byte[] argument : arguments) {
            size += argument.length;
        }
        if (size > Integer.MAX_VALUE) {
            throw new IllegalStateException("packet body too large: " + size + " bytes");
        }
        return (int) size;
    }

    /** @return the total encoded size, header included */
    public int encodedSize() {
        return HEADER_SIZE + bodySize();
    }

    /** Writes the encoded packet into {@code buffer}, which must have {@link #encodedSize()} bytes remaining. */
    public void writeTo(ByteBuffer buffer) {
        buffer.putInt(magic.value());
        buffer.putInt(type.code());
        buffer.putInt(bodySize());
        for (int i = 0; i < arguments.length; i++) {
            if (i > 0) {
                buffer.put((byte) 0);
            }
            buffer.put(arguments[i]);
        }
    }

    /** @return the encoded packet */
    public byte[] encode() {
        ByteBuffer buffer = ByteBuffer.allocate(encodedSize());
        writeTo(buffer);
        return buffer.array();
    }

    static int indexOfNul(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Encodes strings as UTF-8. */
    public static byte[][] utf8(String... texts) {
        byte[][] bytes = new byte[texts.length][];
        for (int i = 0; i < texts.length; i++) {
            bytes[i] = texts[i].getBytes(StandardCharsets.UTF_8);
        }
        return bytes;
    }

    /** Encodes one string as UTF-8. */
    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Packet other && magic == other.magic && type == other.type
                && Arrays.deepEquals(arguments, other.arguments);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * magic.hashCode() + type.hashCode()) + Arrays.deepHashCode(arguments);
    }

    /** Shows text arguments and the size of the last argument, never the payload itself (it may be large or secret). */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(type.name()).append('[');
        for (int i = 0; i < arguments.length; i++) {
            if (i > 0) {
                s.append(", ");
            }
            if (i == arguments.length - 1 && arguments.length > 1) {
                s.append(arguments[i].length).append(" bytes");
            } else {
                s.append(new String(arguments[i], StandardCharsets.UTF_8));
            }
        }
        return s.append(']').toString();
    }
}
