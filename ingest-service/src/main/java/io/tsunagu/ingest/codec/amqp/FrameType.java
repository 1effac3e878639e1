package io.tsunagu.ingest.codec.amqp;

/** Frame types of AMQP 0-9-1 (§4.2.3, constants frame-method, frame-header, frame-body, frame-heartbeat). */
public enum FrameType {
    /** A method frame: class-id, method-id, arguments. */
    METHOD(1),
    /** A content header frame. */
    HEADER(2),
    /** A content body frame. */
    BODY(3),
    /** A heartbeat frame: channel 0, empty payload. */
    HEARTBEAT(8);

    private final int wire;

    FrameType(int wire) {
        this.wire = wire;
    }

    /** The type octet on the wire. */
    public int wire() {
        return wire;
    }

    /** The type with this octet, or {@code null} if unknown. */
    public static FrameType fromWire(int octet) {
        return switch (octet) {
            case 1 -> METHOD;
            case 2 -> HEADER;
            case 3 -> BODY;
            case 8 -> HEARTBEAT;
            default -> null;
        };
    }
}
