package io.tsunagu.contracts.codec;

/** The kind of event a stream record holds, written as the second byte of every record. */
public enum EventType {
    PUBLISH(1),
    SESSION(2),
    DELIVERY(3),
    NODE(4),
    CONTROL(5),
    AMQP_PUBLISH(6),
    QUEUE_MESSAGE(7),
    QUEUE_COMMAND(8),
    AMQP_DELIVERY(9);

    private final int code;

    EventType(int code) {
        this.code = code;
    }

    /** The byte written for this type. */
    public int code() {
        return code;
    }

    /** The type written as {@code code}, or a {@link CodecException} for an unknown one. */
    public static EventType fromCode(int code) {
        for (EventType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new CodecException("unknown event type " + code);
    }
}
