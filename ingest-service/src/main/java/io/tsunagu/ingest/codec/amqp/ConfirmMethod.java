package io.tsunagu.ingest.codec.amqp;

/** Methods of class confirm (class-id 85), RabbitMQ's publisher-confirms extension. */
public sealed interface ConfirmMethod extends Method {

    /** The class-id of confirm. */
    int CLASS_ID = 85;

    @Override
    default int classId() {
        return CLASS_ID;
    }

    /** confirm.select (10). */
    record Select(boolean noWait) implements ConfirmMethod {
        static Select read(FieldReader in) {
            return new Select((in.bits() & 1) != 0);
        }

        public int methodId() {
            return 10;
        }

        public void writeArguments(FieldWriter out) {
            out.bits(noWait);
        }
    }

    /** confirm.select-ok (11). */
    record SelectOk() implements ConfirmMethod {
        public int methodId() {
            return 11;
        }

        public void writeArguments(FieldWriter out) {
            // no arguments
        }
    }
}
