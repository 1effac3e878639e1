package io.tsunagu.routing.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.amqp.AmqpMessage;
import io.tsunagu.contracts.amqp.AmqpPublishEvent;
import io.tsunagu.contracts.amqp.BasicProperties;
import io.tsunagu.contracts.amqp.BasicPropertiesCodec;
import io.tsunagu.contracts.amqp.ChannelRef;
import io.tsunagu.contracts.amqp.LongString;
import io.tsunagu.contracts.event.MessageProperties;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.UserProperty;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The names and properties of messages crossing between MQTT and AMQP through amq.topic. */
class MqttBridgeTest {

    private static PublishEvent mqtt(String topic, int qos, MessageProperties properties) {
        return new PublishEvent(UUID.randomUUID(), "t", "device", "node", topic, qos, false, Instant.EPOCH,
                properties, Payload.utf8("body"));
    }

    private static MessageProperties userProperties(UserProperty... properties) {
        return new MessageProperties(OptionalInt.empty(), OptionalLong.empty(), null, null, null,
                List.of(properties));
    }

    @Test
    void topicLevelsBecomeWords() {
        assertThat(MqttBridge.routingKey("a/b/c")).contains("a.b.c");
        assertThat(MqttBridge.routingKey("a")).contains("a");
        assertThat(MqttBridge.routingKey("a//b/")).contains("a..b.");
        assertThat(MqttBridge.routingKey("/")).contains(".");
    }

    @Test
    void aDotInALevelIsNotEscapedAsInRabbitMqsMqttPlugin() {
        // rabbitmq-reference.md §i: x.y/z -> x.y.z, the same key as x/y/z.
        assertThat(MqttBridge.routingKey("x.y/z")).contains("x.y.z");
        assertThat(MqttBridge.routingKey("a/b.c/d")).contains("a.b.c.d");
        assertThat(MqttBridge.routingKey("v1.0")).contains("v1.0");
        assertThat(MqttBridge.routingKey("/lead")).contains(".lead");
        assertThat(MqttBridge.routingKey("trail/")).contains("trail.");
    }

    @Test
    void topicWithADollarIsNotTranslated() {
        assertThat(MqttBridge.routingKey("$SYS/broker/uptime")).isEmpty();
        assertThat(MqttBridge.routingKey("$share.x/y")).isEmpty();
    }

    @Test
    void wordsBecomeTopicLevels() {
        assertThat(MqttBridge.topic("a.b.c")).contains("a/b/c");
        assertThat(MqttBridge.topic("a..b")).contains("a//b");
        assertThat(MqttBridge.topic("a.*")).contains("a/*");
    }

    @Test
    void aSlashInAKeyIsKeptAsRabbitMqDoes() {
        // rabbitmq-reference.md §i: key x/y.z arrives as topic x/y/z.
        assertThat(MqttBridge.topic("x/y.z")).contains("x/y/z");
        assertThat(MqttBridge.topic("a/b")).contains("a/b");
    }

    @Test
    void keyThatMakesNoValidTopicIsNotTranslated() {
        assertThat(MqttBridge.topic("")).isEmpty();
        assertThat(MqttBridge.topic("a.#")).isEmpty();
        assertThat(MqttBridge.topic("a.+")).isEmpty();
        assertThat(MqttBridge.topic("$SYS.x")).isEmpty();
        assertThat(MqttBridge.topic("a\u0000b")).isEmpty();
    }

    @Test
    void qosOneOrTwoIsPersistentAndQosZeroTransient() {
        for (int qos = 0; qos <= 2; qos++) {
            PublishEvent publish = mqtt("a", qos, MessageProperties.none());
            AmqpMessage message = MqttBridge.toAmqp(publish, "a", MqttBridge.headers(publish));

            BasicProperties properties = BasicPropertiesCodec.decode(message.properties());
            assertThat(properties.deliveryMode()).isEqualTo(qos > 0 ? 2 : 1);
            assertThat(properties.headers()).containsEntry(MqttBridge.QOS_HEADER, (byte) qos);
        }
    }

    @Test
    void amqpMessageKeepsTheBodyAndNamesAmqTopic() {
        PublishEvent publish = mqtt("a/b", 1, MessageProperties.none());

        AmqpMessage message = MqttBridge.toAmqp(publish, "a.b", MqttBridge.headers(publish));

        assertThat(message.exchange()).isEqualTo("amq.topic");
        assertThat(message.routingKey()).isEqualTo("a.b");
        assertThat(message.body()).isEqualTo(Payload.utf8("body"));
    }

    @Test
    void contentTypeAndExpiryCarryOver() {
        PublishEvent publish = mqtt("a", 1, new MessageProperties(OptionalInt.empty(), OptionalLong.of(30),
                "application/json", null, null, List.of()));

        BasicProperties properties = BasicPropertiesCodec.decode(
                MqttBridge.toAmqp(publish, "a", MqttBridge.headers(publish)).properties());

        assertThat(properties.contentType()).isEqualTo("application/json");
        assertThat(properties.expiration()).isEqualTo("30000");
    }

    @Test
    void userPropertiesBecomeStringHeadersAndTheLastOfARepeatedNameWins() {
        PublishEvent publish = mqtt("a", 0, userProperties(new UserProperty("site", "a"),
                new UserProperty("line", "3"), new UserProperty("site", "b")));

        Map<String, Object> headers = MqttBridge.headers(publish);

        assertThat(headers).containsEntry("site", LongString.of("b")).containsEntry("line", LongString.of("3"));
    }

    @Test
    void userPropertyCannotOverrideTheQosHeader() {
        PublishEvent publish = mqtt("a", 2, userProperties(new UserProperty(MqttBridge.QOS_HEADER, "0")));

        assertThat(MqttBridge.headers(publish)).containsEntry(MqttBridge.QOS_HEADER, (byte) 2);
    }

    @Test
    void userPropertyWithANameTooLongForAFieldTableIsDropped() {
        String longName = "n".repeat(256);
        PublishEvent publish = mqtt("a", 1, userProperties(new UserProperty(longName, "v")));

        assertThat(MqttBridge.headers(publish)).doesNotContainKey(longName);
        assertThat(MqttBridge.toAmqp(publish, "a", MqttBridge.headers(publish)).properties()).isNotEmpty();
    }

    @Test
    void persistentAmqpMessageBecomesQosOneWithItsStringHeaders() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("site", LongString.of("plant"));
        headers.put("count", 3);
        headers.put("zero", LongString.of("a\u0000b"));
        BasicProperties properties = BasicProperties.EMPTY.withDeliveryMode(2).withContentType("text/plain")
                .withHeaders(headers);
        AmqpPublishEvent event = new AmqpPublishEvent(UUID.randomUUID(), Instant.EPOCH, "t",
                new ChannelRef("n", "c", 1), 0, false, new AmqpMessage("amq.topic", "a.b",
                        BasicPropertiesCodec.encode(properties), Payload.utf8("x")));

        PublishEvent publish = MqttBridge.toMqtt(event, "a/b", properties);

        assertThat(publish.qos()).isEqualTo(1);
        assertThat(publish.topic()).isEqualTo("a/b");
        assertThat(publish.tenant()).isEqualTo("t");
        assertThat(publish.messageId()).isEqualTo(event.messageId());
        assertThat(publish.clientId()).isEqualTo(MqttBridge.AMQP_PUBLISHER);
        assertThat(publish.payload()).isEqualTo(Payload.utf8("x"));
        assertThat(publish.properties().contentType()).isEqualTo("text/plain");
        assertThat(publish.properties().userProperties()).containsExactly(new UserProperty("site", "plant"));
    }

    @Test
    void transientAmqpMessageBecomesQosZero() {
        AmqpPublishEvent event = new AmqpPublishEvent(UUID.randomUUID(), Instant.EPOCH, "t",
                new ChannelRef("n", "c", 1), 0, false, new AmqpMessage("amq.topic", "a", AmqpMessage.NO_PROPERTIES,
                        Payload.utf8("x")));

        assertThat(MqttBridge.toMqtt(event, "a", BasicProperties.EMPTY).qos()).isZero();
    }
}
