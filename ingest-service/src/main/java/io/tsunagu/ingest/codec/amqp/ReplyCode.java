package io.tsunagu.ingest.codec.amqp;

/**
 * The reply codes of AMQP 0-9-1 (spec §1.2 "Constants", amqp0-9-1.xml {@code <constant>} entries). A soft error
 * ({@code class="soft-error"}) closes only the channel (channel.close); a hard error closes the connection
 * (connection.close). 200 is success, and 311-313 are the RabbitMQ / spec codes carried by basic.return.
 */
public enum ReplyCode {
    /** Success: connection.close / channel.close without error. */
    REPLY_SUCCESS(200, Scope.NONE),
    /** Content too large for the server (soft). */
    CONTENT_TOO_LARGE(311, Scope.CHANNEL),
    /** Mandatory message could not be routed (basic.return; RabbitMQ's name for 312). */
    NO_ROUTE(312, Scope.CHANNEL),
    /** Immediate message had no consumers (basic.return). */
    NO_CONSUMERS(313, Scope.CHANNEL),
    /** An operator closed the connection. */
    CONNECTION_FORCED(320, Scope.CONNECTION),
    /** Unknown virtual host or bad path. */
    INVALID_PATH(402, Scope.CONNECTION),
    /** Access to the resource is refused (soft). */
    ACCESS_REFUSED(403, Scope.CHANNEL),
    /** The entity does not exist (soft). */
    NOT_FOUND(404, Scope.CHANNEL),
    /** The entity is locked by another connection (soft). */
    RESOURCE_LOCKED(405, Scope.CHANNEL),
    /** A precondition failed, e.g. a redeclare with other arguments (soft). */
    PRECONDITION_FAILED(406, Scope.CHANNEL),
    /** A malformed frame: bad frame end, oversize or unknown frame type. */
    FRAME_ERROR(501, Scope.CONNECTION),
    /** A frame carried illegal field values. */
    SYNTAX_ERROR(502, Scope.CONNECTION),
    /** An invalid sequence of frames or an invalid operation. */
    COMMAND_INVALID(503, Scope.CONNECTION),
    /** A channel that is not open was used. */
    CHANNEL_ERROR(504, Scope.CONNECTION),
    /** A frame that was not expected, usually around content header and body. */
    UNEXPECTED_FRAME(505, Scope.CONNECTION),
    /** The server ran out of a resource. */
    RESOURCE_ERROR(506, Scope.CONNECTION),
    /** The operation is not allowed (e.g. beyond channel-max). */
    NOT_ALLOWED(530, Scope.CONNECTION),
    /** Functionality the server does not implement. */
    NOT_IMPLEMENTED(540, Scope.CONNECTION),
    /** The server failed internally. */
    INTERNAL_ERROR(541, Scope.CONNECTION);

    /** Which close a code belongs to. */
    public enum Scope {
        /** Not an error. */
        NONE,
        /** Soft error: channel.close. */
        CHANNEL,
        /** Hard error: connection.close. */
        CONNECTION
    }

    private final int code;
    private final Scope scope;

    ReplyCode(int code, Scope scope) {
        this.code = code;
        this.scope = scope;
    }

    /** The numeric reply code sent in connection.close / channel.close / basic.return. */
    public int code() {
        return code;
    }

    /** Whether this code closes the channel or the connection. */
    public Scope scope() {
        return scope;
    }

    /** True for hard errors, which close the whole connection (spec §1.2, {@code class="hard-error"}). */
    public boolean isHardError() {
        return scope == Scope.CONNECTION;
    }

    /** The reply code with this number, or {@code null} if the spec defines none. */
    public static ReplyCode fromCode(int code) {
        for (ReplyCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }
}
