package io.gearmancdi.protocol;

import io.gearmancdi.GearmanProtocolException;

/**
 * The binary packet types of the Gearman protocol, each with its wire code and its fixed argument count.
 *
 * <p>The argument count matters on the wire: the first {@code n - 1} arguments end with a NUL byte, the last one runs
 * to the end of the body. gearmand 1.1.20 desynchronises a connection on a packet with too few separators, so the
 * encoder always emits exactly {@link #argumentCount()} arguments.
 */
public enum PacketType {
    CAN_DO(1, 1, Direction.REQUEST),
    CANT_DO(2, 1, Direction.REQUEST),
    RESET_ABILITIES(3, 0, Direction.REQUEST),
    PRE_SLEEP(4, 0, Direction.REQUEST),
    NOOP(6, 0, Direction.RESPONSE),
    SUBMIT_JOB(7, 3, Direction.REQUEST),
    JOB_CREATED(8, 1, Direction.RESPONSE),
    GRAB_JOB(9, 0, Direction.REQUEST),
    NO_JOB(10, 0, Direction.RESPONSE),
    JOB_ASSIGN(11, 3, Direction.RESPONSE),
    WORK_STATUS(12, 3, Direction.BOTH),
    WORK_COMPLETE(13, 2, Direction.BOTH),
    WORK_FAIL(14, 1, Direction.BOTH),
    GET_STATUS(15, 1, Direction.REQUEST),
    ECHO_REQ(16, 1, Direction.REQUEST),
    ECHO_RES(17, 1, Direction.RESPONSE),
    SUBMIT_JOB_BG(18, 3, Direction.REQUEST),
    ERROR(19, 2, Direction.RESPONSE),
    STATUS_RES(20, 5, Direction.RESPONSE),
    SUBMIT_JOB_HIGH(21, 3, Direction.REQUEST),
    SET_CLIENT_ID(22, 1, Direction.REQUEST),
    CAN_DO_TIMEOUT(23, 2, Direction.REQUEST),
    ALL_YOURS(24, 0, Direction.REQUEST),
    WORK_EXCEPTION(25, 2, Direction.BOTH),
    OPTION_REQ(26, 1, Direction.REQUEST),
    OPTION_RES(27, 1, Direction.RESPONSE),
    WORK_DATA(28, 2, Direction.BOTH),
    WORK_WARNING(29, 2, Direction.BOTH),
    GRAB_JOB_UNIQ(30, 0, Direction.REQUEST),
    JOB_ASSIGN_UNIQ(31, 4, Direction.RESPONSE),
    SUBMIT_JOB_HIGH_BG(32, 3, Direction.REQUEST),
    SUBMIT_JOB_LOW(33, 3, Direction.REQUEST),
    SUBMIT_JOB_LOW_BG(34, 3, Direction.REQUEST),
    SUBMIT_JOB_SCHED(35, 8, Direction.REQUEST),
    SUBMIT_JOB_EPOCH(36, 4, Direction.REQUEST),
    SUBMIT_REDUCE_JOB(37, 5, Direction.REQUEST),
    SUBMIT_REDUCE_JOB_BACKGROUND(38, 5, Direction.REQUEST),
    GRAB_JOB_ALL(39, 0, Direction.REQUEST),
    JOB_ASSIGN_ALL(40, 5, Direction.RESPONSE),
    GET_STATUS_UNIQUE(41, 1, Direction.REQUEST),
    STATUS_RES_UNIQUE(42, 6, Direction.RESPONSE);

    /** Which magic a packet of this type may carry. */
    public enum Direction {
        /** Sent to the server ({@code \0REQ}). */
        REQUEST,
        /** Sent by the server ({@code \0RES}). */
        RESPONSE,
        /** Sent both ways (the {@code WORK_*} family: worker to server, server to client). */
        BOTH
    }

    /** Highest code in use; codes above it are unknown. */
    public static final int MAX_CODE = 42;

    private static final PacketType[] BY_CODE = new PacketType[MAX_CODE + 1];

    static {
        for (PacketType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;
    private final int argumentCount;
    private final Direction direction;

    PacketType(int code, int argumentCount, Direction direction) {
        this.code = code;
        this.argumentCount = argumentCount;
        this.direction = direction;
    }

    /** @return the type number on the wire */
    public int code() {
        return code;
    }

    /** @return the fixed number of arguments in the body */
    public int argumentCount() {
        return argumentCount;
    }

    /** @return which magic this type may carry */
    public Direction direction() {
        return direction;
    }

    /** @return whether this type may be sent with the given magic */
    public boolean allows(Magic magic) {
        return direction == Direction.BOTH
                || (magic == Magic.REQ ? direction == Direction.REQUEST : direction == Direction.RESPONSE);
    }

    /**
     * Looks a type up by its wire code.
     *
     * @throws GearmanProtocolException for a code no packet type has (never returns null)
     */
    public static PacketType fromCode(long code) {
        PacketType type = code >= 0 && code <= MAX_CODE ? BY_CODE[(int) code] : null;
        if (type == null) {
            throw new GearmanProtocolException("unknown packet type " + code);
        }
        return type;
    }

    /** @return whether this type submits a job (any priority, foreground or background) */
    public boolean isSubmit() {
        return switch (this) {
            case SUBMIT_JOB, SUBMIT_JOB_BG, SUBMIT_JOB_HIGH, SUBMIT_JOB_HIGH_BG, SUBMIT_JOB_LOW, SUBMIT_JOB_LOW_BG,
                    SUBMIT_JOB_SCHED, SUBMIT_JOB_EPOCH, SUBMIT_REDUCE_JOB, SUBMIT_REDUCE_JOB_BACKGROUND -> true;
            default -> false;
        };
    }
}
