package io.tsunagu.storage.topology;

/**
 * A topology request refused with an AMQP 0-9-1 reply code and RabbitMQ's reply text, which ingest sends to the
 * client in channel.close (or connection.close for a hard error) unchanged.
 */
public final class AmqpReplyException extends RuntimeException {

    /** 403: the operation is not allowed (reserved names, the default exchange). */
    public static final int ACCESS_REFUSED = 403;
    /** 404: the entity does not exist. */
    public static final int NOT_FOUND = 404;
    /** 405: an exclusive queue of another connection. */
    public static final int RESOURCE_LOCKED = 405;
    /** 406: inequivalent redeclare, invalid argument, in use. */
    public static final int PRECONDITION_FAILED = 406;
    /** 503: a malformed request, such as an unknown exchange type (a connection error in AMQP). */
    public static final int COMMAND_INVALID = 503;

    private static final long serialVersionUID = 1L;

    private final int replyCode;

    private AmqpReplyException(int replyCode, String replyText) {
        super(replyText, null, false, false);
        this.replyCode = replyCode;
    }

    static AmqpReplyException accessRefused(String text) {
        return new AmqpReplyException(ACCESS_REFUSED, "ACCESS_REFUSED - " + text);
    }

    static AmqpReplyException notFound(String text) {
        return new AmqpReplyException(NOT_FOUND, "NOT_FOUND - " + text);
    }

    static AmqpReplyException resourceLocked(String text) {
        return new AmqpReplyException(RESOURCE_LOCKED, "RESOURCE_LOCKED - " + text);
    }

    static AmqpReplyException preconditionFailed(String text) {
        return new AmqpReplyException(PRECONDITION_FAILED, "PRECONDITION_FAILED - " + text);
    }

    static AmqpReplyException commandInvalid(String text) {
        return new AmqpReplyException(COMMAND_INVALID, "COMMAND_INVALID - " + text);
    }

    /** The AMQP reply code. */
    public int replyCode() {
        return replyCode;
    }

    /** RabbitMQ's reply text, with the condition name first. */
    public String replyText() {
        return getMessage();
    }
}
