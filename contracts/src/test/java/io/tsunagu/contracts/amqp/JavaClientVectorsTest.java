package io.tsunagu.contracts.amqp;

import static io.tsunagu.contracts.amqp.Wire.b;
import static io.tsunagu.contracts.amqp.Wire.concat;
import static io.tsunagu.contracts.amqp.Wire.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Interoperability with the RabbitMQ Java client, which contracts does not depend on: property sections derived by
 * hand from what its encoder writes (AMQP.BasicProperties.writePropertiesTo: one presence bit per property from
 * bit 15 down, a single flag word for basic's 14 properties; ValueWriter.writeFieldValue for header values:
 * String as 'S', Integer 'I', java.util.Date 'T' in whole seconds).
 */
class JavaClientVectorsTest {

    /** MessageProperties.PERSISTENT_TEXT_PLAIN: content-type text/plain, delivery-mode 2, priority 0. */
    private static final byte[] PERSISTENT_TEXT_PLAIN = concat(
            b(0x98, 0x00),                  // flags: bit 15 content-type, bit 12 delivery-mode, bit 11 priority
            b(10), s("text/plain"),         // content-type
            b(2),                           // delivery-mode: persistent
            b(0));                          // priority 0

    /** MessageProperties.MINIMAL_PERSISTENT_BASIC: delivery-mode 2 only. */
    private static final byte[] MINIMAL_PERSISTENT_BASIC = b(0x10, 0x00, 2);

    /**
     * Builder().contentType("application/json").headers({x-match: "all", n: 1, at: new Date(1700000000123L)})
     * .expiration("60000"), the headers a LinkedHashMap in that order.
     */
    private static final byte[] JSON_WITH_HEADERS = concat(
            b(0xA1, 0x00),                              // flags: bit 15 content-type, 13 headers, 8 expiration
            b(16), s("application/json"),               // content-type
            b(0, 0, 0, 35),                             // headers table size: 16 + 7 + 12
            b(7), s("x-match"), b('S', 0, 0, 0, 3), s("all"),
            b(1), s("n"), b('I', 0, 0, 0, 1),
            b(2), s("at"), b('T', 0, 0, 0, 0, 0x65, 0x53, 0xF1, 0x00),
            b(5), s("60000"));                          // expiration

    @Test
    void persistentTextPlainDecodes() {
        assertThat(BasicPropertiesCodec.decode(PERSISTENT_TEXT_PLAIN)).isEqualTo(BasicProperties.EMPTY
                .withContentType("text/plain").withDeliveryMode(BasicProperties.PERSISTENT).withPriority(0));
    }

    @Test
    void persistentTextPlainEncodesToTheJavaClientBytes() {
        BasicProperties properties = BasicProperties.EMPTY.withContentType("text/plain").withDeliveryMode(2)
                .withPriority(0);
        assertThat(BasicPropertiesCodec.encode(properties)).containsExactly(PERSISTENT_TEXT_PLAIN);
    }

    @Test
    void minimalPersistentBasicRoundTrips() {
        BasicProperties properties = BasicProperties.EMPTY.withDeliveryMode(2);
        assertThat(BasicPropertiesCodec.decode(MINIMAL_PERSISTENT_BASIC)).isEqualTo(properties);
        assertThat(BasicPropertiesCodec.encode(properties)).containsExactly(MINIMAL_PERSISTENT_BASIC);
        assertThat(BasicPropertiesCodec.persistent(MINIMAL_PERSISTENT_BASIC)).isTrue();
    }

    @Test
    void headersDecodeToTheDocumentedJavaTypes() {
        BasicProperties properties = BasicPropertiesCodec.decode(JSON_WITH_HEADERS);
        assertThat(properties.headers()).containsExactly(Map.entry("x-match", LongString.of("all")),
                Map.entry("n", 1), Map.entry("at", Instant.ofEpochSecond(1_700_000_000L)));
        assertThat(properties.expiration()).isEqualTo("60000");
        assertThat(BasicPropertiesCodec.expiration(JSON_WITH_HEADERS)).isEqualTo("60000");
        assertThat(BasicPropertiesCodec.priority(JSON_WITH_HEADERS)).isZero();
    }

    @Test
    void headersEncodeToTheJavaClientBytes() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("x-match", "all");
        headers.put("n", 1);
        headers.put("at", Instant.ofEpochMilli(1_700_000_000_123L));
        BasicProperties properties = BasicProperties.EMPTY.withContentType("application/json").withHeaders(headers)
                .withExpiration("60000");
        assertThat(BasicPropertiesCodec.encode(properties)).containsExactly(JSON_WITH_HEADERS);
    }
}
