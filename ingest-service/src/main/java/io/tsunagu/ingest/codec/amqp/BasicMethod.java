package io.tsunagu.ingest.codec.amqp;

import java.util.Map;

/** Methods of class basic (class-id 60). */
public sealed interface BasicMethod extends Method {

    /** The class-id of basic. */
    int CLASS_ID = 60;

    @Override
    default int classId() {
        return CLASS_ID;
    }

    /** basic.qos (10): global applies to the channel (RabbitMQ), otherwise to each new consumer. */
    record Qos(long prefetchSize, int prefetchCount, boolean global) implements BasicMethod {
        static Qos read(FieldReader in) {
            return new Qos(in.longUnsigned(), in.shortUnsigned(), (in.bits() & 1) != 0);
        }

        public int methodId() {
            return 10;
        }

        public void writeArguments(FieldWriter out) {
            out.longUnsigned(prefetchSize);
            out.shortUnsigned(prefetchCount);
            out.bits(global);
        }
    }

    /** basic.qos-ok (11). */
    record QosOk() implements BasicMethod {
        public int methodId() {
            return 11;
        }

        public void writeArguments(FieldWriter out) {
            // no arguments
        }
    }

    /** basic.consume (20): bits no-local, no-ack, exclusive, no-wait. */
    record Consume(String queue, String consumerTag, int flags, Map<String, Object> arguments)
            implements BasicMethod {
        /** Bit of {@code flags}. */
        public static final int NO_LOCAL = 1;
        /** Bit of {@code flags}. */
        public static final int NO_ACK = 2;
        /** Bit of {@code flags}. */
        public static final int EXCLUSIVE = 4;
        /** Bit of {@code flags}. */
        public static final int NO_WAIT = 8;

        static Consume read(FieldReader in) {
            in.shortUnsigned();
            return new Consume(in.shortstr(), in.shortstr(), in.bits() & 0x0F, in.table());
        }

        public int methodId() {
            return 20;
        }

        /** Whether bit {@code flag} (one of the constants) is set. */
        public boolean is(int flag) {
            return (flags & flag) != 0;
        }

        public void writeArguments(FieldWriter out) {
            out.shortUnsigned(0);
            out.shortstr(queue);
            out.shortstr(consumerTag);
            out.octet(flags);
            out.table(arguments);
        }
    }

    /** basic.consume-ok (21). */
    record ConsumeOk(String consumerTag) implements BasicMethod {
        static ConsumeOk read(FieldReader in) {
            return new ConsumeOk(in.shortstr());
        }

        public int methodId() {
            return 21;
        }

        public void writeArguments(FieldWriter out) {
            out.shortstr(consumerTag);
        }
    }

    /** basic.cancel (30); RabbitMQ also sends it to a client whose queue went away. */
    record Cancel(String consumerTag, boolean noWait) implements BasicMethod {
        static Cancel read(FieldReader in) {
            return new Cancel(in.shortstr(), (in.bits() & 1) != 0);
        }

        public int methodId() {
            return 30;
        }

        public void writeArguments(FieldWriter out) {
            out.shortstr(consumerTag);
            out.bits(noWait);
        }
    }

    /** basic.cancel-ok (31). */
    record CancelOk(String consumerTag) implements BasicMethod {
        static CancelOk read(FieldReader in) {
            return new CancelOk(in.shortstr());
        }

        public int methodId() {
            return 31;
        }

        public void writeArguments(FieldWriter out) {
            out.shortstr(consumerTag);
        }
    }

    /** basic.publish (40): content follows. {@code immediate} is refused by RabbitMQ 3.0+ with 540. */
    record Publish(String exchange, String routingKey, boolean mandatory, boolean immediate) implements BasicMethod {
        static Publish read(FieldReader in) {
            in.shortUnsigned();
            String exchange = in.shortstr();
            String routingKey = in.shortstr();
            int bits = in.bits();
            return new Publish(exchange, routingKey, (bits & 1) != 0, (bits & 2) != 0);
        }

        public int methodId() {
            return 40;
        }

        public boolean hasContent() {
            return true;
        }

        public void writeArguments(FieldWriter out) {
            out.shortUnsigned(0);
            out.shortstr(exchange);
            out.shortstr(routingKey);
            out.bits(mandatory, immediate);
        }
    }

    /** basic.return (50): content follows. */
    record Return(int replyCode, String replyText, String exchange, String routingKey) implements BasicMethod {
        static Return read(FieldReader in) {
            return new Return(in.shortUnsigned(), in.shortstr(), in.shortstr(), in.shortstr());
        }

        public int methodId() {
            return 50;
        }

        public boolean hasContent() {
            return true;
        }

        public void writeArguments(FieldWriter out) {
            out.shortUnsigned(replyCode);
            out.shortstr(replyText);
            out.shortstr(exchange);
            out.shortstr(routingKey);
        }
    }

    /** basic.deliver (60): content follows. */
    record Deliver(String consumerTag, long deliveryTag, boolean redelivered, String exchange, String routingKey)
            implements BasicMethod {
        static Deliver read(FieldReader in) {
            return new Deliver(in.shortstr(), in.longlong(), (in.bits() & 1) != 0, in.shortstr(), in.shortstr());
        }

        public int methodId() {
            return 60;
        }

        public boolean hasContent() {
            return true;
        }

        public void writeArguments(FieldWriter out) {
            out.shortstr(consumerTag);
            out.longlong(deliveryTag);
            out.bits(redelivered);
            out.shortstr(exchange);
            out.shortstr(routingKey);
        }
    }

    /** basic.get (70). */
    record Get(String queue, boolean noAck) implements BasicMethod {
        static Get read(FieldReader in) {
            in.shortUnsigned();
            return new Get(in.shortstr(), (in.bits() & 1) != 0);
        }

        public int methodId() {
            return 70;
        }

        public void writeArguments(FieldWriter out) {
            out.shortUnsigned(0);
            out.shortstr(queue);
            out.bits(noAck);
        }
    }

    /** basic.get-ok (71): content follows. */
    record GetOk(long deliveryTag, boolean redelivered, String exchange, String routingKey, long messageCount)
            implements BasicMethod {
        static GetOk read(FieldReader in) {
            return new GetOk(in.longlong(), (in.bits() & 1) != 0, in.shortstr(), in.shortstr(), in.longUnsigned());
        }

        public int methodId() {
            return 71;
        }

        public boolean hasContent() {
            return true;
        }

        public void writeArguments(FieldWriter out) {
            out.longlong(deliveryTag);
            out.bits(redelivered);
            out.shortstr(exchange);
            out.shortstr(routingKey);
            out.longUnsigned(messageCount);
        }
    }

    /** basic.get-empty (72): reserved-1 (cluster-id) shortstr. */
    record GetEmpty() implements BasicMethod {
        static GetEmpty read(FieldReader in) {
            in.shortstr();
            return new GetEmpty();
        }

        public int methodId() {
            return 72;
        }

        public void writeArguments(FieldWriter out) {
            out.shortstr("");
        }
    }

    /** basic.ack (80); also sent by the server for publisher confirms. */
    record Ack(long deliveryTag, boolean multiple) implements BasicMethod {
        static Ack read(FieldReader in) {
            return new Ack(in.longlong(), (in.bits() & 1) != 0);
        }

        public int methodId() {
            return 80;
        }

        public void writeArguments(FieldWriter out) {
            out.longlong(deliveryTag);
            out.bits(multiple);
        }
    }

    /** basic.reject (90). */
    record Reject(long deliveryTag, boolean requeue) implements BasicMethod {
        static Reject read(FieldReader in) {
            return new Reject(in.longlong(), (in.bits() & 1) != 0);
        }

        public int methodId() {
            return 90;
        }

        public void writeArguments(FieldWriter out) {
            out.longlong(deliveryTag);
            out.bits(requeue);
        }
    }

    /** basic.recover-async (100), deprecated but still sent by some clients. */
    record RecoverAsync(boolean requeue) implements BasicMethod {
        static RecoverAsync read(FieldReader in) {
            return new RecoverAsync((in.bits() & 1) != 0);
        }

        public int methodId() {
            return 100;
        }

        public void writeArguments(FieldWriter out) {
            out.bits(requeue);
        }
    }

    /** basic.recover (110). */
    record Recover(boolean requeue) implements BasicMethod {
        static Recover read(FieldReader in) {
            return new Recover((in.bits() & 1) != 0);
        }

        public int methodId() {
            return 110;
        }

        public void writeArguments(FieldWriter out) {
            out.bits(requeue);
        }
    }

    /** basic.recover-ok (111). */
    record RecoverOk() implements BasicMethod {
        public int methodId() {
            return 111;
        }

        public void writeArguments(FieldWriter out) {
            // no arguments
        }
    }

    /** basic.nack (120, RabbitMQ extension): bits multiple, requeue. */
    record Nack(long deliveryTag, boolean multiple, boolean requeue) implements BasicMethod {
        static Nack read(FieldReader in) {
            long deliveryTag = in.longlong();
            int bits = in.bits();
            return new Nack(deliveryTag, (bits & 1) != 0, (bits & 2) != 0);
        }

        public int methodId() {
            return 120;
        }

        public void writeArguments(FieldWriter out) {
            out.longlong(deliveryTag);
            out.bits(multiple, requeue);
        }
    }
}
