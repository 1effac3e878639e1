package io.tsunagu.ingest.codec.amqp;

import io.tsunagu.contracts.amqp.FieldTables;
import io.tsunagu.contracts.amqp.LongString;
import io.tsunagu.contracts.codec.CodecException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The credentials in a connection.start-ok {@code response} (§1.4.2.2) for the SASL mechanisms we offer. Pure; never
 * throws. A response that cannot be parsed is 502 SYNTAX_ERROR, as RabbitMQ's mechanisms answer
 * ({@code {protocol_error, "response ~tp invalid"}} → syntax_error).
 */
public final class SaslResponse {

    /** SASL PLAIN (RFC 4616). */
    public static final String PLAIN = "PLAIN";
    /** RabbitMQ's AMQPLAIN: a field table with LOGIN and PASSWORD. */
    public static final String AMQPLAIN = "AMQPLAIN";

    /** A user name and password; the password is never logged. */
    public record Credentials(String username, String password) {
        @Override
        public String toString() {
            return "Credentials[username=" + username + "]";
        }
    }

    private SaslResponse() {
    }

    /** PLAIN: {@code [authzid] NUL authcid NUL passwd} (RFC 4616 §2); the authorization identity is ignored. */
    public static DecodeResult<Credentials> plain(LongString response) {
        byte[] bytes = response.bytes();
        int first = indexOfNul(bytes, 0);
        int second = first < 0 ? -1 : indexOfNul(bytes, first + 1);
        if (second < 0) {
            return DecodeResult.failed(ReplyCode.SYNTAX_ERROR, "PLAIN response without two NUL separators");
        }
        String username = new String(bytes, first + 1, second - first - 1, StandardCharsets.UTF_8);
        String password = new String(bytes, second + 1, bytes.length - second - 1, StandardCharsets.UTF_8);
        return DecodeResult.decoded(new Credentials(username, password));
    }

    /**
     * AMQPLAIN: the body of a field table (without its 4-byte size, as RabbitMQ's rabbit_auth_mechanism_amqplain and
     * the clients write it) holding {@code LOGIN} and {@code PASSWORD} long strings.
     */
    public static DecodeResult<Credentials> amqplain(LongString response) {
        byte[] table = ByteBuffer.allocate(4 + response.length()).putInt(response.length()).put(response.bytes())
                .array();
        try {
            Map<String, Object> fields = FieldTables.decodeTable(table);
            String login = text(fields.get("LOGIN"));
            String password = text(fields.get("PASSWORD"));
            if (login == null || password == null) {
                return DecodeResult.failed(ReplyCode.SYNTAX_ERROR, "AMQPLAIN response without LOGIN and PASSWORD");
            }
            return DecodeResult.decoded(new Credentials(login, password));
        } catch (CodecException e) {
            return DecodeResult.failed(ReplyCode.SYNTAX_ERROR, e.getMessage());
        }
    }

    private static String text(Object value) {
        return value instanceof LongString s ? s.toString() : null;
    }

    private static int indexOfNul(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
