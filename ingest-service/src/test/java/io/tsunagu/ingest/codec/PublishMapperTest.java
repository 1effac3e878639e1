package io.tsunagu.ingest.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.BinaryProperty;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttProperties.StringProperty;
import io.tsunagu.contracts.event.MessageIds;
import io.tsunagu.contracts.event.MessageProperties;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.UserProperty;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PublishMapperTest {

    @Test
    void everyApplicationPropertyIsMappedWithUserPropertiesInOrder() {
        MessageProperties mapped = PublishMapper.toMessageProperties(wireProperties());

        assertThat(mapped.payloadFormatIndicator()).hasValue(1);
        assertThat(mapped.messageExpiryInterval()).hasValue(4_000_000_000L);
        assertThat(mapped.contentType()).isEqualTo("application/json");
        assertThat(mapped.responseTopic()).isEqualTo("replies/1");
        assertThat(mapped.correlationData()).isEqualTo(Payload.wrap(new byte[] {1, 2, 3}));
        assertThat(mapped.userProperties()).containsExactly(
                new UserProperty("b", "2"), new UserProperty("a", "1"), new UserProperty("b", "3"));
    }

    @Test
    void noPropertiesMapToNone() {
        assertThat(PublishMapper.toMessageProperties(MqttProperties.NO_PROPERTIES)).isSameAs(MessageProperties.none());
    }

    @Test
    void outgoingPropertiesRoundTripWithTheRemainingExpiry() {
        MessageProperties original = PublishMapper.toMessageProperties(wireProperties());

        MqttProperties outgoing = PublishMapper.toMqttProperties(original, OptionalLong.of(30));
        MessageProperties back = PublishMapper.toMessageProperties(outgoing);

        assertThat(back.messageExpiryInterval()).hasValue(30);
        assertThat(back.userProperties()).isEqualTo(original.userProperties());
        assertThat(back.correlationData()).isEqualTo(original.correlationData());
        assertThat(back.contentType()).isEqualTo(original.contentType());
        assertThat(back.responseTopic()).isEqualTo(original.responseTopic());
        assertThat(back.payloadFormatIndicator()).isEqualTo(original.payloadFormatIndicator());
    }

    @Test
    void payloadOfAHeapBufferIsAViewNotACopy() {
        Buffer buffer = Buffer.buffer(new byte[] {9, 8, 7, 6});

        @SuppressWarnings("deprecation")
        byte[] backing = buffer.getByteBuf().array();
        Payload payload = PublishMapper.payloadOf(buffer);

        assertThat(payload.array()).isSameAs(backing);
        assertThat(payload.toByteArray()).containsExactly(9, 8, 7, 6);
    }

    @Test
    void bufferForAPayloadSliceHoldsExactlyItsBytes() {
        Payload slice = Payload.slice(new byte[] {0, 1, 2, 3, 4}, 1, 3);

        assertThat(PublishMapper.toBuffer(slice).getBytes()).containsExactly(1, 2, 3);
    }

    @Test
    void eventCarriesOriginTopicFlagsAndPayload() {
        UUID id = MessageIds.next(1_000);
        Instant receivedAt = Instant.parse("2026-01-02T03:04:05.123456Z");
        InboundPublish publish = new InboundPublish("t/1", 1, true, false, 7, MqttProperties.NO_PROPERTIES,
                Payload.utf8("hello"));

        PublishEvent event = PublishMapper.toEvent(publish, new PublishOrigin("default", "c1", "node-a"), id,
                receivedAt);

        assertThat(event.messageId()).isEqualTo(id);
        assertThat(event.tenant()).isEqualTo("default");
        assertThat(event.clientId()).isEqualTo("c1");
        assertThat(event.nodeId()).isEqualTo("node-a");
        assertThat(event.topic()).isEqualTo("t/1");
        assertThat(event.qos()).isEqualTo(1);
        assertThat(event.retain()).isTrue();
        assertThat(event.receivedAt()).isEqualTo(receivedAt);
        assertThat(event.payload().toUtf8()).isEqualTo("hello");
    }

    private static MqttProperties wireProperties() {
        MqttProperties properties = new MqttProperties();
        properties.add(new IntegerProperty(MqttPropertyType.PAYLOAD_FORMAT_INDICATOR.value(), 1));
        properties.add(new IntegerProperty(MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL.value(), (int) 4_000_000_000L));
        properties.add(new StringProperty(MqttPropertyType.CONTENT_TYPE.value(), "application/json"));
        properties.add(new StringProperty(MqttPropertyType.RESPONSE_TOPIC.value(), "replies/1"));
        properties.add(new BinaryProperty(MqttPropertyType.CORRELATION_DATA.value(), new byte[] {1, 2, 3}));
        for (UserProperty property : List.of(new UserProperty("b", "2"), new UserProperty("a", "1"),
                new UserProperty("b", "3"))) {
            properties.add(new MqttProperties.UserProperty(property.name(), property.value()));
        }
        return properties;
    }
}
