package io.tsunagu.ingest.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;
import io.tsunagu.contracts.event.MessageProperties;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.UserProperty;
import io.tsunagu.contracts.property.ForAll;
import io.tsunagu.contracts.property.Gen;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The computed PUBLISH size must equal what Netty's encoder (the one vertx-mqtt writes with) produces. */
class PacketSizesTest {

    private static final AttributeKey<MqttVersion> VERSION = AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");

    /** A PUBLISH to size: topic, QoS, payload, and text for the MQTT 5 properties (unused for MQTT 3.1.1). */
    record Publish(String topic, int qos, byte[] payload, String text) {

        @Override
        public String toString() {
            return "Publish[topic=" + escaped(topic) + ", qos=" + qos + ", payload=" + payload.length
                    + " bytes, text=" + escaped(text) + "]";
        }

        /** Printable ASCII as it is, every other char as a Java escape (a NUL would cut the test report short). */
        private static String escaped(String text) {
            StringBuilder escaped = new StringBuilder();
            text.chars().forEach(c -> escaped.append(c >= 0x20 && c < 0x7F ? Character.toString(c)
                    : String.format("\\u%04x", c)));
            return escaped.toString();
        }
    }

    @Test
    void mqtt5SizeMatchesTheEncoder() {
        ForAll.check(300, publishes(20_000, 40), publish -> {
            String text = publish.text();
            MessageProperties message = new MessageProperties(OptionalInt.of(1), OptionalLong.empty(), text,
                    "r/" + text, Payload.utf8(text),
                    List.of(new UserProperty(text, "v"), new UserProperty("k", text)));
            MqttProperties properties = PublishMapper.toMqttProperties(message, OptionalLong.of(text.length()));

            long computed = PacketSizes.publish(publish.topic(), publish.qos(),
                    PacketSizes.propertiesSection(properties), publish.payload().length);

            assertThat(computed).isEqualTo(encodedSize(MqttVersion.MQTT_5,
                    message(publish.topic(), publish.qos(), properties, publish.payload())));
        });
    }

    @Test
    void mqtt311SizeMatchesTheEncoder() {
        ForAll.check(200, publishes(200_000, 0), publish -> {
            long computed = PacketSizes.publish(publish.topic(), publish.qos(), 0, publish.payload().length);

            assertThat(computed).isEqualTo(encodedSize(MqttVersion.MQTT_3_1_1,
                    message(publish.topic(), publish.qos(), MqttProperties.NO_PROPERTIES, publish.payload())));
        });
    }

    @Test
    void qos2WithEmptyTopicTopicAliasAndSubscriptionIdentifiersMatchesTheEncoder() {
        // Outbound aliases send an empty topic with the alias (MQTT 5 §3.3.2.3.4), which Netty's encoder accepts;
        // Subscription Identifiers are variable byte integers of 1 to 4 bytes.
        MqttProperties properties = new MqttProperties();
        TopicAliasProperty.write(properties, 7);
        for (int subscriptionId : List.of(1, 200, 70_000, 268_435_455)) {
            properties.add(new MqttProperties.IntegerProperty(
                    MqttProperties.MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value(), subscriptionId));
        }
        byte[] payload = {1, 2, 3};

        long computed = PacketSizes.publish("", 2, PacketSizes.propertiesSection(properties), payload.length);

        assertThat(computed).isEqualTo(encodedSize(MqttVersion.MQTT_5, message("", 2, properties, payload)));
    }

    /**
     * Topic names of 1 to 300 chars (without the wildcards [MQTT-3.3.2-2] and U+0000 [MQTT-4.7.3-2] that a topic
     * name cannot hold, which the encoder refuses), QoS 0 or 1, payloads up to {@code maxPayload} bytes, and text
     * up to {@code maxText} chars.
     */
    private static Gen<Publish> publishes(int maxPayload, int maxText) {
        Gen<String> topics = Gen.strings(1, 300)
                .map(topic -> topic.replace('+', 'p').replace('#', 'h').replace('\u0000', 'z'));
        Gen<Integer> qos = Gen.ints(0, 1);
        Gen<byte[]> payloads = Gen.bytes(maxPayload);
        Gen<String> texts = Gen.strings(0, maxText);
        return random -> new Publish(topics.next(random), qos.next(random), payloads.next(random),
                texts.next(random));
    }

    @Test
    void variableByteIntegerSizesFollowTheSpecBoundaries() {
        assertThat(PacketSizes.variableByteIntegerSize(127)).isEqualTo(1);
        assertThat(PacketSizes.variableByteIntegerSize(128)).isEqualTo(2);
        assertThat(PacketSizes.variableByteIntegerSize(16_383)).isEqualTo(2);
        assertThat(PacketSizes.variableByteIntegerSize(16_384)).isEqualTo(3);
        assertThat(PacketSizes.variableByteIntegerSize(2_097_152)).isEqualTo(4);
        assertThat(PacketSizes.variableByteIntegerSize(268_435_455)).isEqualTo(4);
    }

    private static MqttPublishMessage message(String topic, int qos, MqttProperties properties, byte[] payload) {
        return new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.valueOf(qos), false, 0),
                new MqttPublishVariableHeader(topic, qos > 0 ? 1 : 0, properties),
                Unpooled.wrappedBuffer(payload));
    }

    private static long encodedSize(MqttVersion version, MqttPublishMessage message) {
        EmbeddedChannel channel = new EmbeddedChannel(MqttEncoder.INSTANCE);
        channel.attr(VERSION).set(version);
        channel.writeOutbound(message);
        ByteBuf encoded = channel.readOutbound();
        try {
            return encoded.readableBytes();
        } finally {
            encoded.release();
            channel.finishAndReleaseAll();
        }
    }
}
