package io.tsunagu.ingest.transport.amqp10;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tsunagu.contracts.amqp.BasicProperties;
import io.tsunagu.contracts.amqp.BasicPropertiesCodec;
import io.tsunagu.contracts.amqp.LongString;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.messaging.AmqpSequence;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.amqp.messaging.Section;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.apache.qpid.proton.codec.WritableBuffer;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.Test;

/** The mapping between AMQP 1.0 messages and AMQP 0-9-1 properties and bodies, on messages proton encodes. */
class Amqp10MessagesTest {

    private final Amqp10Messages messages = new Amqp10Messages();

    @Test
    void dataSectionsAreConcatenated() throws Exception {
        byte[] encoded = encode(new Data(new Binary(utf8("ab"))), new Data(new Binary(utf8("cd"))));

        assertThat(messages.decode(encoded).body()).isEqualTo(utf8("abcd"));
    }

    @Test
    void amqpValueStringIsItsUtf8Bytes() throws Exception {
        assertThat(messages.decode(encode(new AmqpValue("héllo"))).body()).isEqualTo(utf8("héllo"));
    }

    @Test
    void amqpSequenceBodyIsRefusedAsNotImplemented() {
        assertThatThrownBy(() -> messages.decode(encode(new AmqpSequence(List.of(1, 2)))))
                .isInstanceOfSatisfying(Amqp10Messages.Refused.class,
                        refused -> assertThat(refused.condition().toString()).isEqualTo("amqp:not-implemented"));
    }

    @Test
    void undecodableBytesAreRefusedAsDecodeError() {
        assertThatThrownBy(() -> messages.decode(new byte[] {0x00, 0x53, 0x75, (byte) 0xFF}))
                .isInstanceOfSatisfying(Amqp10Messages.Refused.class,
                        refused -> assertThat(refused.condition().toString()).isEqualTo("amqp:decode-error"));
    }

    @Test
    void propertiesAndApplicationPropertiesMapToBasicProperties() throws Exception {
        Properties properties = new Properties();
        properties.setMessageId(new org.apache.qpid.proton.amqp.UnsignedLong(42));
        properties.setUserId(new Binary(utf8("alice")));
        properties.setCreationTime(new java.util.Date(1_700_000_000_123L));
        properties.setSubject("key");
        byte[] encoded = encode(properties, new ApplicationProperties(Map.of("n", UnsignedInteger.valueOf(7))),
                new Data(new Binary(utf8("x"))));

        Amqp10Messages.Inbound inbound = messages.decode(encoded);

        BasicProperties basic = BasicPropertiesCodec.decode(inbound.properties());
        assertThat(basic.messageId()).isEqualTo("42");
        assertThat(basic.userId()).isEqualTo("alice");
        assertThat(basic.timestamp()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(basic.headers()).containsEntry("n", 7L);
        assertThat(inbound.subject()).isEqualTo("key");
    }

    @Test
    void deliveryMapsPropertiesBack() {
        BasicProperties basic = BasicProperties.EMPTY.withContentType("application/json").withPriority(3)
                .withExpiration("1500").withHeaders(Map.of("h", LongString.of("v"), "i", 9));
        byte[] encoded = messages.encode(new Amqp10Messages.Outbound(BasicPropertiesCodec.encode(basic), "rk",
                utf8("{}"), true));

        Message message = Proton.message();
        message.decode(encoded, 0, encoded.length);
        assertThat(message.getContentType()).isEqualTo("application/json");
        assertThat(message.getPriority()).isEqualTo((short) 3);
        assertThat(message.getTtl()).isEqualTo(1500);
        assertThat(message.getSubject()).isEqualTo("rk");
        assertThat(message.isDurable()).isFalse();
        assertThat(message.getDeliveryCount()).isEqualTo(1);
        assertThat(message.getApplicationProperties().getValue()).containsEntry("h", "v").containsEntry("i", 9);
        assertThat(((Data) message.getBody()).getValue().getArray()).isEqualTo(utf8("{}"));
    }

    @Test
    void largeBodyIsEncodedWhole() {
        byte[] body = new byte[300_000];
        body[299_999] = 5;
        byte[] encoded = messages.encode(new Amqp10Messages.Outbound(BasicPropertiesCodec.encode(
                BasicProperties.EMPTY), "", body, false));

        Message message = Proton.message();
        message.decode(encoded, 0, encoded.length);
        assertThat(((Data) message.getBody()).getValue().getArray()).isEqualTo(body);
    }

    private static byte[] encode(Section... sections) {
        DecoderImpl decoder = new DecoderImpl();
        EncoderImpl encoder = new EncoderImpl(decoder);
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
        ByteBuffer out = ByteBuffer.allocate(4096);
        encoder.setByteBuffer(new WritableBuffer.ByteBufferWrapper(out));
        for (Section section : sections) {
            encoder.writeObject(section);
        }
        return java.util.Arrays.copyOf(out.array(), out.position());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
