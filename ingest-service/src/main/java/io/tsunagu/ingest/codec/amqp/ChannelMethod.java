package io.tsunagu.ingest.codec.amqp;

/** Methods of class channel (class-id 20). */
public sealed interface ChannelMethod extends Method {

    /** The class-id of channel. */
    int CLASS_ID = 20;

    @Override
    default int classId() {
        return CLASS_ID;
    }

    /** channel.open (10): reserved-1 (out-of-band) shortstr. */
    record Open() implements ChannelMethod {
        static Open read(FieldReader in) {
            in.shortstr();
            return new Open();
        }

        public int methodId() {
            return 10;
        }

        public void writeArguments(FieldWriter out) {
            out.shortstr("");
        }
    }

    /** channel.open-ok (11): reserved-1 (channel-id) longstr. */
    record OpenOk() implements ChannelMethod {
        static OpenOk read(FieldReader in) {
            in.longstr();
            return new OpenOk();
        }

        public int methodId() {
            return 11;
        }

        public void writeArguments(FieldWriter out) {
            out.longUnsigned(0);
        }
    }

    /** channel.flow (20). */
    record Flow(boolean active) implements ChannelMethod {
        static Flow read(FieldReader in) {
            return new Flow((in.bits() & 1) != 0);
        }

        public int methodId() {
            return 20;
        }

        public void writeArguments(FieldWriter out) {
            out.bits(active);
        }
    }

    /** channel.flow-ok (21). */
    record FlowOk(boolean active) implements ChannelMethod {
        static FlowOk read(FieldReader in) {
            return new FlowOk((in.bits() & 1) != 0);
        }

        public int methodId() {
            return 21;
        }

        public void writeArguments(FieldWriter out) {
            out.bits(active);
        }
    }

    /** channel.close (40). */
    record Close(int replyCode, String replyText, int failingClassId, int failingMethodId) implements ChannelMethod {
        static Close read(FieldReader in) {
            return new Close(in.shortUnsigned(), in.shortstr(), in.shortUnsigned(), in.shortUnsigned());
        }

        public int methodId() {
            return 40;
        }

        public void writeArguments(FieldWriter out) {
            out.shortUnsigned(replyCode);
            out.shortstr(replyText);
            out.shortUnsigned(failingClassId);
            out.shortUnsigned(failingMethodId);
        }
    }

    /** channel.close-ok (41). */
    record CloseOk() implements ChannelMethod {
        public int methodId() {
            return 41;
        }

        public void writeArguments(FieldWriter out) {
            // no arguments
        }
    }
}
