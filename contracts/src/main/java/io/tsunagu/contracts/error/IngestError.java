package io.tsunagu.contracts.error;

/**
 * The catalogue of every error Tsunagu reports to a client, with its answer in each protocol.
 *
 * <p>Each entry has a stable code ({@code ING-1xxx}) that appears in logs and reason strings, the MQTT 5 reason
 * code (MQTT 5 §2.4), the MQTT 3.1.1 CONNACK return code where one exists (MQTT 3.1.1 §3.2.2.3; -1 when the 3.1.1
 * answer is to close the connection), the AMQP 1.0 error condition, the WebSocket close code (RFC 6455 §7.4.1)
 * and a short message safe to show to the client.
 */
public enum IngestError {
    MALFORMED_PACKET("ING-1001", 0x81, -1, "amqp:decode-error", 1002, "Malformed packet"),
    PROTOCOL_ERROR("ING-1002", 0x82, -1, "amqp:not-allowed", 1002, "Protocol error"),
    IMPLEMENTATION_SPECIFIC("ING-1003", 0x83, -1, "amqp:not-implemented", 1011, "Not supported by this server"),
    UNSUPPORTED_PROTOCOL_VERSION("ING-1004", 0x84, 1, "amqp:not-implemented", 1002, "Unsupported protocol version"),
    CLIENT_IDENTIFIER_NOT_VALID("ING-1005", 0x85, 2, "amqp:invalid-field", 1008, "Client identifier not valid"),
    BAD_USER_NAME_OR_PASSWORD("ING-1006", 0x86, 4, "amqp:unauthorized-access", 1008, "Bad user name or password"),
    NOT_AUTHORIZED("ING-1007", 0x87, 5, "amqp:unauthorized-access", 1008, "Not authorized"),
    SERVER_UNAVAILABLE("ING-1008", 0x88, 3, "amqp:internal-error", 1011, "Server unavailable"),
    SERVER_BUSY("ING-1009", 0x89, 3, "amqp:resource-limit-exceeded", 1013, "Server busy"),
    SERVER_SHUTTING_DOWN("ING-1010", 0x8B, 3, "amqp:connection:forced", 1001, "Server shutting down"),
    BAD_AUTHENTICATION_METHOD("ING-1025", 0x8C, -1, "amqp:unauthorized-access", 1008, "Bad authentication method"),
    KEEP_ALIVE_TIMEOUT("ING-1011", 0x8D, -1, "amqp:resource-limit-exceeded", 1008, "Keep alive timeout"),
    SESSION_TAKEN_OVER("ING-1012", 0x8E, -1, "amqp:connection:forced", 1008, "Session taken over"),
    TOPIC_FILTER_INVALID("ING-1013", 0x8F, -1, "amqp:invalid-field", 1008, "Topic filter invalid"),
    TOPIC_NAME_INVALID("ING-1014", 0x90, -1, "amqp:invalid-field", 1008, "Topic name invalid"),
    PACKET_IDENTIFIER_IN_USE("ING-1015", 0x91, -1, "amqp:not-allowed", 1008, "Packet identifier in use"),
    PACKET_IDENTIFIER_NOT_FOUND("ING-1027", 0x92, -1, "amqp:not-found", 1008, "Packet identifier not found"),
    RECEIVE_MAXIMUM_EXCEEDED("ING-1016", 0x93, -1, "amqp:resource-limit-exceeded", 1008, "Receive maximum exceeded"),
    TOPIC_ALIAS_INVALID("ING-1017", 0x94, -1, "amqp:invalid-field", 1008, "Topic alias invalid"),
    PACKET_TOO_LARGE("ING-1018", 0x95, -1, "amqp:link:message-size-exceeded", 1009, "Packet too large"),
    QUOTA_EXCEEDED("ING-1019", 0x97, -1, "amqp:resource-limit-exceeded", 1008, "Quota exceeded"),
    PAYLOAD_FORMAT_INVALID("ING-1020", 0x99, -1, "amqp:decode-error", 1007, "Payload format invalid"),
    RETAIN_NOT_SUPPORTED("ING-1026", 0x9A, -1, "amqp:not-implemented", 1008, "Retain not supported"),
    QOS_NOT_SUPPORTED("ING-1021", 0x9B, -1, "amqp:not-implemented", 1008, "QoS not supported"),
    SHARED_SUBSCRIPTIONS_NOT_SUPPORTED("ING-1022", 0x9E, -1, "amqp:not-implemented", 1008,
            "Shared subscriptions not supported"),
    SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED("ING-1023", 0xA1, -1, "amqp:not-implemented", 1008,
            "Subscription identifiers not supported"),
    HANDOFF_FAILED("ING-1024", 0x80, 3, "amqp:internal-error", 1011, "Message could not be stored; retry");

    private final String code;
    private final int mqttReasonCode;
    private final int mqtt3ConnackCode;
    private final String amqpCondition;
    private final int webSocketCloseCode;
    private final String message;

    IngestError(String code, int mqttReasonCode, int mqtt3ConnackCode, String amqpCondition, int webSocketCloseCode,
            String message) {
        this.code = code;
        this.mqttReasonCode = mqttReasonCode;
        this.mqtt3ConnackCode = mqtt3ConnackCode;
        this.amqpCondition = amqpCondition;
        this.webSocketCloseCode = webSocketCloseCode;
        this.message = message;
    }

    /** The stable code, {@code ING-1xxx}. */
    public String code() {
        return code;
    }

    /** The MQTT 5 reason code. */
    public int mqttReasonCode() {
        return mqttReasonCode;
    }

    /** The MQTT 3.1.1 CONNACK return code, or -1 when a 3.1.1 client is answered by closing the connection. */
    public int mqtt3ConnackCode() {
        return mqtt3ConnackCode;
    }

    /** The AMQP 1.0 error condition symbol. */
    public String amqpCondition() {
        return amqpCondition;
    }

    /** The WebSocket close status code. */
    public int webSocketCloseCode() {
        return webSocketCloseCode;
    }

    /** A short message that is safe to send to the client. */
    public String message() {
        return message;
    }

    /** The reason string sent to clients: the code and the message, e.g. {@code ING-1014 Topic name invalid}. */
    public String reasonString() {
        return code + " " + message;
    }
}
