package io.tsunagu.ingest.codec.amqp;

import java.util.Map;

/** Methods of class queue (class-id 50). Each request starts with reserved-1 (the old ticket), a short. */
public sealed interface QueueMethod extends Method {

    /** The class-id of queue. */
    int CLASS_ID = 50;

    @Override
    default int classId() {
        return CLASS_ID;
    }

    /** queue.declare (10): bits passive, durable, exclusive, auto-delete, no-wait; empty name asks for one. */
    record Declare(String queue, int flags, Map<String, Object> arguments) implements QueueMethod {
        /** Bit of {@code flags}. */
        public static final int PASSIVE = 1;
        /** Bit of {@code flags}. */
        public static final int DURABLE = 2;
        /** Bit of {@code flags}. */
        public static final int EXCLUSIVE = 4;
        /** Bit of {@code flags}. */
        public static final int AUTO_DELETE = 8;
        /** Bit of {@code flags}. */
        public static final int NO_WAIT = 16;

        static Declare read(FieldReader in) {
            in.shortUnsigned();
            return new Declare(in.shortstr(), in.bits() & 0x1F, in.table());
        }

        public int methodId() {
            return 10;
        }

        /** Whether bit {@code flag} (one of the constants) is set. */
        public boolean is(int flag) {
            return (flags & flag) != 0;
        }

        public void writeArguments(FieldWriter out) {
            out.shortUnsigned(0);
            out.shortstr(queue);
            out.octet(flags);
            out.table(arguments);
        }
    }

    /** queue.declare-ok (11). */
    record DeclareOk(String queue, long messageCount, long consumerCount) implements QueueMethod {
        static DeclareOk read(FieldReader in) {
            return new DeclareOk(in.shortstr(), in.longUnsigned(), in.longUnsigned());
        }

        public int methodId() {
            return 11;
        }

        public void writeArguments(FieldWriter out) {
            out.shortstr(queue);
            out.longUnsigned(messageCount);
            out.longUnsigned(consumerCount);
        }
    }

    /** queue.bind (20). */
    record Bind(String queue, String exchange, String routingKey, boolean noWait, Map<String, Object> arguments)
            implements QueueMethod {
        static Bind read(FieldReader in) {
            in.shortUnsigned();
            return new Bind(in.shortstr(), in.shortstr(), in.shortstr(), (in.bits() & 1) != 0, in.table());
        }

        public int methodId() {
            return 20;
        }

        public void writeArguments(FieldWriter out) {
            out.shortUnsigned(0);
            out.shortstr(queue);
            out.shortstr(exchange);
            out.shortstr(routingKey);
            out.bits(noWait);
            out.table(arguments);
        }
    }

    /** queue.bind-ok (21). */
    record BindOk() implements QueueMethod {
        public int methodId() {
            return 21;
        }

        public void writeArguments(FieldWriter out) {
            // no arguments
        }
    }

    /** queue.purge (30). */
    record Purge(String queue, boolean noWait) implements QueueMethod {
        static Purge read(FieldReader in) {
            in.shortUnsigned();
            return new Purge(in.shortstr(), (in.bits() & 1) != 0);
        }

        public int methodId() {
            return 30;
        }

        public void writeArguments(FieldWriter out) {
            out.shortUnsigned(0);
            out.shortstr(queue);
            out.bits(noWait);
        }
    }

    /** queue.purge-ok (31). */
    record PurgeOk(long messageCount) implements QueueMethod {
        static PurgeOk read(FieldReader in) {
            return new PurgeOk(in.longUnsigned());
        }

        public int methodId() {
            return 31;
        }

        public void writeArguments(FieldWriter out) {
            out.longUnsigned(messageCount);
        }
    }

    /** queue.delete (40): bits if-unused, if-empty, no-wait. */
    record Delete(String queue, boolean ifUnused, boolean ifEmpty, boolean noWait) implements QueueMethod {
        static Delete read(FieldReader in) {
            in.shortUnsigned();
            String queue = in.shortstr();
            int bits = in.bits();
            return new Delete(queue, (bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0);
        }

        public int methodId() {
            return 40;
        }

        public void writeArguments(FieldWriter out) {
            out.shortUnsigned(0);
            out.shortstr(queue);
            out.bits(ifUnused, ifEmpty, noWait);
        }
    }

    /** queue.delete-ok (41). */
    record DeleteOk(long messageCount) implements QueueMethod {
        static DeleteOk read(FieldReader in) {
            return new DeleteOk(in.longUnsigned());
        }

        public int methodId() {
            return 41;
        }

        public void writeArguments(FieldWriter out) {
            out.longUnsigned(messageCount);
        }
    }

    /** queue.unbind (50): no no-wait bit, unlike bind. */
    record Unbind(String queue, String exchange, String routingKey, Map<String, Object> arguments)
            implements QueueMethod {
        static Unbind read(FieldReader in) {
            in.shortUnsigned();
            return new Unbind(in.shortstr(), in.shortstr(), in.shortstr(), in.table());
        }

        public int methodId() {
            return 50;
        }

        public void writeArguments(FieldWriter out) {
            out.shortUnsigned(0);
            out.shortstr(queue);
            out.shortstr(exchange);
            out.shortstr(routingKey);
            out.table(arguments);
        }
    }

    /** queue.unbind-ok (51). */
    record UnbindOk() implements QueueMethod {
        public int methodId() {
            return 51;
        }

        public void writeArguments(FieldWriter out) {
            // no arguments
        }
    }
}
