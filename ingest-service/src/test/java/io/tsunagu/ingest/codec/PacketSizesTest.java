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
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** The computed PUBLISH size must equal what Netty's encoder (the one vertx-mqtt writes with) produces. */
class PacketSizesTest {

    private static final AttributeKey<MqttVersion> VERSION = AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");

    @Property(tries = 300)
    void mqtt5SizeMatchesTheEncoder(@ForAll @StringLength(min = 1, max = 300) String topic,
            @ForAll @IntRange(min = 0, max = 1) int qos, @ForAll @Size(max = 20_000) byte[] payload,
            @ForAll @StringLength(max = 40) String text) {
        MessageProperties message = new MessageProperties(OptionalInt.of(1), OptionalLong.empty(), text, "r/" + text,
                Payload.utf8(text), List.of(new UserProperty(text, "v"), new UserProperty("k", text)));
        MqttProperties properties = PublishMapper.toMqttProperties(message, OptionalLong.of(text.length()));

        long computed = PacketSizes.publish(topic, qos, PacketSizes.propertiesSection(properties), payload.length);

        assertThat(computed).isEqualTo(encodedSize(MqttVersion.MQTT_5, message(topic, qos, properties, payload)));
    }

    @Property(tries = 200)
    void mqtt311SizeMatchesTheEncoder(@ForAll @StringLength(min = 1, max = 300) String topic,
            @ForAll @IntRange(min = 0, max = 1) int qos, @ForAll @Size(max = 200_000) byte[] payload) {
        long computed = PacketSizes.publish(topic, qos, 0, payload.length);

        assertThat(computed).isEqualTo(
                encodedSize(MqttVersion.MQTT_3_1_1, message(topic, qos, MqttProperties.NO_PROPERTIES, payload)));
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
