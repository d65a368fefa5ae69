package io.gearmancdi.protocol;

/** The four-byte magic that opens every binary packet and says which way it travels. */
public enum Magic {
    /** {@code \0REQ}: a packet sent to the server. */
    REQ(0x00524551),
    /** {@code \0RES}: a packet sent by the server. */
    RES(0x00524553);

    private final int value;

    Magic(int value) {
        this.value = value;
    }

    /** @return the magic as a big-endian 32-bit value */
    public int value() {
        return value;
    }

    /** @return the magic with this value, or {@code null} if the value is no Gearman magic */
    static Magic fromValue(int value) {
        return value == REQ.value ? REQ : value == RES.value ? RES : null;
    }
}
