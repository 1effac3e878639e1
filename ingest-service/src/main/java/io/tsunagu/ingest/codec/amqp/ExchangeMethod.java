package io.tsunagu.ingest.codec.amqp;

import java.util.Map;

/** Methods of class exchange (class-id 40). Each request starts with reserved-1 (the old ticket), a short. */
public sealed interface ExchangeMethod extends Method {

    /** The class-id of exchange. */
    int CLASS_ID = 40;

    @Override
    default int classId() {
        return CLASS_ID;
    }

    /** exchange.declare (10): bits passive, durable, auto-delete, internal, no-wait. */
    record Declare(String exchange, String type, int flags, Map<String, Object> arguments) implements ExchangeMethod {
        /** Bit of {@code flags}. */
        public static final int PASSIVE = 1;
        /** Bit of {@code flags}. */
        public static final int DURABLE = 2;
        /** Bit of {@code flags}. */
        public static final int AUTO_DELETE = 4;
        /** Bit of {@code flags}. */
        public static final int INTERNAL = 8;
        /** Bit of {@code flags}. */
        public static final int NO_WAIT = 16;

        static Declare read(FieldReader in) {
            in.shortUnsigned();
            return new Declare(in.shortstr(), in.shortstr(), in.bits() & 0x1F, in.table());
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
            out.shortstr(exchange);
            out.shortstr(type);
            out.octet(flags);
            out.table(arguments);
        }
    }

    /** exchange.declare-ok (11). */
    record DeclareOk() implements ExchangeMethod {
        public int methodId() {
            return 11;
        }

        public void writeArguments(FieldWriter out) {
            // no arguments
        }
    }

    /** exchange.delete (20). */
    record Delete(String exchange, boolean ifUnused, boolean noWait) implements ExchangeMethod {
        static Delete read(FieldReader in) {
            in.shortUnsigned();
            String exchange = in.shortstr();
            int bits = in.bits();
            return new Delete(exchange, (bits & 1) != 0, (bits & 2) != 0);
        }

        public int methodId() {
            return 20;
        }

        public void writeArguments(FieldWriter out) {
            out.shortUnsigned(0);
            out.shortstr(exchange);
            out.bits(ifUnused, noWait);
        }
    }

    /** exchange.delete-ok (21). */
    record DeleteOk() implements ExchangeMethod {
        public int methodId() {
            return 21;
        }

        public void writeArguments(FieldWriter out) {
            // no arguments
        }
    }

    /** exchange.bind (30, RabbitMQ extension): exchange-to-exchange binding. */
    record Bind(Binding binding) implements ExchangeMethod {
        static Bind read(FieldReader in) {
            return new Bind(Binding.read(in));
        }

        public int methodId() {
            return 30;
        }

        public void writeArguments(FieldWriter out) {
            binding.write(out);
        }
    }

    /** exchange.bind-ok (31). */
    record BindOk() implements ExchangeMethod {
        public int methodId() {
            return 31;
        }

        public void writeArguments(FieldWriter out) {
            // no arguments
        }
    }

    /** exchange.unbind (40, RabbitMQ extension). */
    record Unbind(Binding binding) implements ExchangeMethod {
        static Unbind read(FieldReader in) {
            return new Unbind(Binding.read(in));
        }

        public int methodId() {
            return 40;
        }

        public void writeArguments(FieldWriter out) {
            binding.write(out);
        }
    }

    /** exchange.unbind-ok (51: RabbitMQ's id, not 41). */
    record UnbindOk() implements ExchangeMethod {
        public int methodId() {
            return 51;
        }

        public void writeArguments(FieldWriter out) {
            // no arguments
        }
    }

    /** Arguments of exchange.bind / unbind: reserved-1, destination, source, routing-key, no-wait, arguments. */
    record Binding(String destination, String source, String routingKey, boolean noWait,
            Map<String, Object> arguments) {
        static Binding read(FieldReader in) {
            in.shortUnsigned();
            return new Binding(in.shortstr(), in.shortstr(), in.shortstr(), (in.bits() & 1) != 0, in.table());
        }

        void write(FieldWriter out) {
            out.shortUnsigned(0);
            out.shortstr(destination);
            out.shortstr(source);
            out.shortstr(routingKey);
            out.bits(noWait);
            out.table(arguments);
        }
    }
}
