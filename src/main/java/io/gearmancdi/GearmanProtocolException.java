package io.gearmancdi;

/**
 * Bytes on the wire that break the Gearman protocol: bad magic, unknown packet type, wrong argument count, a size over
 * the limit, an unexpected reply. The connection they came from is out of step and is closed.
 */
public class GearmanProtocolException extends GearmanException {
    /** @param message what was wrong and where */
    public GearmanProtocolException(String message) {
        super(message);
    }
}
