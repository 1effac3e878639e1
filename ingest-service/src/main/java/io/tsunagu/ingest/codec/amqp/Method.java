package io.tsunagu.ingest.codec.amqp;

/**
 * An AMQP 0-9-1 method (§4.2.4, amqp0-9-1.xml): one record per method of the set the RabbitMQ Java client uses.
 * Reserved arguments ({@code reserved-1}, the old ticket, out-of-band, known-hosts...) are not components: they are
 * skipped on decode and written as zero / empty on encode. {@link MethodCodec} decodes and encodes method frame
 * payloads.
 */
public sealed interface Method
        permits ConnectionMethod, ChannelMethod, ExchangeMethod, QueueMethod, BasicMethod, TxMethod, ConfirmMethod {

    /** The class-id. */
    int classId();

    /** The method-id within the class. */
    int methodId();

    /** Writes the arguments (without class-id and method-id). */
    void writeArguments(FieldWriter out);

    /** True for methods followed by a content header and body (basic.publish, return, deliver, get-ok). */
    default boolean hasContent() {
        return false;
    }
}
