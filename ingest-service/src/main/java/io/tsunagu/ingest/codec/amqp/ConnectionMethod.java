package io.tsunagu.ingest.codec.amqp;

import io.tsunagu.contracts.amqp.LongString;
import java.util.Map;

/** Methods of class connection (class-id 10). Field order as in amqp0-9-1.xml. */
public sealed interface ConnectionMethod extends Method {

    /** The class-id of connection. */
    int CLASS_ID = 10;

    @Override
    default int classId() {
        return CLASS_ID;
    }

    /** connection.start (10). */
    record Start(int versionMajor, int versionMinor, Map<String, Object> serverProperties, LongString mechanisms,
            LongString locales) implements ConnectionMethod {
        static Start read(FieldReader in) {
            return new Start(in.octet(), in.octet(), in.table(), in.longstr(), in.longstr());
        }

        public int methodId() {
            return 10;
        }

        public void writeArguments(FieldWriter out) {
            out.octet(versionMajor);
            out.octet(versionMinor);
            out.table(serverProperties);
            out.longstr(mechanisms);
            out.longstr(locales);
        }
    }

    /** connection.start-ok (11). */
    record StartOk(Map<String, Object> clientProperties, String mechanism, LongString response, String locale)
            implements ConnectionMethod {
        static StartOk read(FieldReader in) {
            return new StartOk(in.table(), in.shortstr(), in.longstr(), in.shortstr());
        }

        public int methodId() {
            return 11;
        }

        public void writeArguments(FieldWriter out) {
            out.table(clientProperties);
            out.shortstr(mechanism);
            out.longstr(response);
            out.shortstr(locale);
        }

        /** Without the response's content: it carries the password (contracts' LongString prints its text). */
        @Override
        public String toString() {
            return "StartOk[clientProperties=" + clientProperties + ", mechanism=" + mechanism + ", response="
                    + response.length() + " bytes, locale=" + locale + "]";
        }
    }

    /** connection.secure (20). */
    record Secure(LongString challenge) implements ConnectionMethod {
        static Secure read(FieldReader in) {
            return new Secure(in.longstr());
        }

        public int methodId() {
            return 20;
        }

        public void writeArguments(FieldWriter out) {
            out.longstr(challenge);
        }
    }

    /** connection.secure-ok (21). */
    record SecureOk(LongString response) implements ConnectionMethod {
        static SecureOk read(FieldReader in) {
            return new SecureOk(in.longstr());
        }

        public int methodId() {
            return 21;
        }

        public void writeArguments(FieldWriter out) {
            out.longstr(response);
        }

        /** Without the response's content, which may carry credentials. */
        @Override
        public String toString() {
            return "SecureOk[response=" + response.length() + " bytes]";
        }
    }

    /** connection.tune (30): channel-max, frame-max (bytes, whole frame), heartbeat (seconds). */
    record Tune(int channelMax, long frameMax, int heartbeat) implements ConnectionMethod {
        static Tune read(FieldReader in) {
            return new Tune(in.shortUnsigned(), in.longUnsigned(), in.shortUnsigned());
        }

        public int methodId() {
            return 30;
        }

        public void writeArguments(FieldWriter out) {
            out.shortUnsigned(channelMax);
            out.longUnsigned(frameMax);
            out.shortUnsigned(heartbeat);
        }
    }

    /** connection.tune-ok (31). */
    record TuneOk(int channelMax, long frameMax, int heartbeat) implements ConnectionMethod {
        static TuneOk read(FieldReader in) {
            return new TuneOk(in.shortUnsigned(), in.longUnsigned(), in.shortUnsigned());
        }

        public int methodId() {
            return 31;
        }

        public void writeArguments(FieldWriter out) {
            out.shortUnsigned(channelMax);
            out.longUnsigned(frameMax);
            out.shortUnsigned(heartbeat);
        }
    }

    /** connection.open (40): virtual-host; reserved-1 (capabilities) shortstr and reserved-2 (insist) bit. */
    record Open(String virtualHost) implements ConnectionMethod {
        static Open read(FieldReader in) {
            Open open = new Open(in.shortstr());
            in.shortstr();
            in.bits();
            return open;
        }

        public int methodId() {
            return 40;
        }

        public void writeArguments(FieldWriter out) {
            out.shortstr(virtualHost);
            out.shortstr("");
            out.bits(false);
        }
    }

    /** connection.open-ok (41): reserved-1 (known-hosts) shortstr. */
    record OpenOk() implements ConnectionMethod {
        static OpenOk read(FieldReader in) {
            in.shortstr();
            return new OpenOk();
        }

        public int methodId() {
            return 41;
        }

        public void writeArguments(FieldWriter out) {
            out.shortstr("");
        }
    }

    /** connection.close (50): the reply code and the class-id / method-id of the failing method (0 if none). */
    record Close(int replyCode, String replyText, int failingClassId, int failingMethodId)
            implements ConnectionMethod {
        static Close read(FieldReader in) {
            return new Close(in.shortUnsigned(), in.shortstr(), in.shortUnsigned(), in.shortUnsigned());
        }

        public int methodId() {
            return 50;
        }

        public void writeArguments(FieldWriter out) {
            out.shortUnsigned(replyCode);
            out.shortstr(replyText);
            out.shortUnsigned(failingClassId);
            out.shortUnsigned(failingMethodId);
        }
    }

    /** connection.close-ok (51). */
    record CloseOk() implements ConnectionMethod {
        public int methodId() {
            return 51;
        }

        public void writeArguments(FieldWriter out) {
            // no arguments
        }
    }

    /** connection.blocked (60), a RabbitMQ extension (capability "connection.blocked"). */
    record Blocked(String reason) implements ConnectionMethod {
        static Blocked read(FieldReader in) {
            return new Blocked(in.shortstr());
        }

        public int methodId() {
            return 60;
        }

        public void writeArguments(FieldWriter out) {
            out.shortstr(reason);
        }
    }

    /** connection.unblocked (61), a RabbitMQ extension. */
    record Unblocked() implements ConnectionMethod {
        public int methodId() {
            return 61;
        }

        public void writeArguments(FieldWriter out) {
            // no arguments
        }
    }
}
