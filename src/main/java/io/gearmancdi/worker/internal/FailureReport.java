package io.gearmancdi.worker.internal;

import io.gearmancdi.protocol.ExceptionPayload;
import io.gearmancdi.protocol.Packet;
import io.gearmancdi.protocol.PacketType;

import java.util.List;

/**
 * The packets that end a failed job, chosen so that every client sees a failure on every server while clients that
 * understand it still get the exception's type and message (measured, see docs/interop.md):
 * <ul>
 *   <li>by default, {@code WORK_WARNING} carrying the {@link ExceptionPayload} JSON, then {@code WORK_FAIL}.
 *   gearmand 1.1.20 and the embedded server forward both to every waiting client, whatever its options. A lone
 *   {@code WORK_EXCEPTION} would not do: gearmand turns it into a malformed {@code WORK_FAIL} (the handle plus a NUL)
 *   for clients without {@code OPTION_REQ exceptions}, which the Perl and npm clients never match;</li>
 *   <li>on a server that refused {@code GRAB_JOB_UNIQ} (the original protocol, e.g. Perl {@code Gearman::Server}, which
 *   answers {@code WORK_WARNING} with {@code ERROR} and treats {@code WORK_EXCEPTION} as not final):
 *   {@code WORK_EXCEPTION} then {@code WORK_FAIL}; it forwards the first to clients that asked for exceptions and
 *   ends the job with the second.</li>
 * </ul>
 */
final class FailureReport {
    private FailureReport() {
    }

    /**
     * @param handle           the job handle
     * @param failure          what went wrong
     * @param originalProtocol whether the server is one that refused {@code GRAB_JOB_UNIQ}
     * @return the packets to send, in order, as one write
     */
    static List<Packet> packets(byte[] handle, ExceptionPayload failure, boolean originalProtocol) {
        byte[] details = failure.encode();
        Packet first = Packet.request(originalProtocol ? PacketType.WORK_EXCEPTION : PacketType.WORK_WARNING, handle,
                details);
        return List.of(first, Packet.request(PacketType.WORK_FAIL, handle));
    }

    /** @return the payload describing {@code failure}: its class name and message */
    static ExceptionPayload describe(Throwable failure) {
        return new ExceptionPayload(failure.getClass().getName(), failure.getMessage());
    }
}
