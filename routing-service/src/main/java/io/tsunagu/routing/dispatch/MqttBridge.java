package io.tsunagu.routing.dispatch;

import io.tsunagu.contracts.amqp.AmqpMessage;
import io.tsunagu.contracts.amqp.AmqpPublishEvent;
import io.tsunagu.contracts.amqp.BasicProperties;
import io.tsunagu.contracts.amqp.BasicPropertiesCodec;
import io.tsunagu.contracts.amqp.LongString;
import io.tsunagu.contracts.event.MessageProperties;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.UserProperty;
import io.tsunagu.contracts.topic.TopicLimits;
import io.tsunagu.contracts.topic.TopicName;
import io.tsunagu.routing.amqp.exchange.VhostExchanges;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One routing model for MQTT and AMQP (issue 5): an MQTT publish of tenant T to {@code a/b/c} goes through the
 * exchange {@code amq.topic} of vhost T with routing key {@code a.b.c}, and an AMQP publish that reaches
 * {@code amq.topic} with key {@code a.b.c} goes to T's MQTT subscribers as topic {@code a/b/c}. Pure functions.
 *
 * <p>Names, as RabbitMQ 3.10's MQTT plugin maps them (rabbit_mqtt_util {@code to_amqp}/{@code to_mqtt};
 * docs/design/rabbitmq-reference.md §i): {@code /} becomes {@code .} one way and {@code .} becomes {@code /} the
 * other, and a {@code .} inside an MQTT level is not escaped. So the MQTT topic {@code x.y/z} becomes the key
 * {@code x.y.z}, the same key as {@code x/y/z}, and reaches the {@code amq.topic} bindings that key matches; the
 * other way the key {@code x/y.z} becomes the topic {@code x/y/z} ({@code /} kept). Empty levels stay empty words.
 * Not translated: topics or keys starting with {@code $} (MQTT's server-reserved topics such as {@code $SYS},
 * [MQTT-4.7.2-1]) and keys that make no valid MQTT topic name (the empty key, {@code +} or {@code #} in a word).
 *
 * <p>Properties, MQTT to AMQP: delivery-mode 2 (persistent) for QoS 1 and 2, else 1; content-type from MQTT 5's
 * Content Type; expiration from the Message Expiry Interval (seconds to milliseconds); headers: each MQTT 5 user
 * property as a long-string header (a repeated name keeps its last value, as in a field table; names over 255 bytes
 * are dropped), then {@code x-mqtt-publish-qos} (octet, the publish's QoS, as RabbitMQ's MQTT plugin sets it).
 * AMQP to MQTT: QoS 1 when delivery-mode is 2, else 0; Content Type from content-type; each string header as a user
 * property; the body as payload.
 */
final class MqttBridge {

    /** The header carrying an MQTT message's QoS into AMQP (RabbitMQ's MQTT plugin sets the same one). */
    static final String QOS_HEADER = "x-mqtt-publish-qos";
    /**
     * The client id of the publisher of an MQTT message made from an AMQP publish: empty, which no connected MQTT
     * client has (an empty CONNECT client id gets one assigned), so MQTT 5's No Local never drops it.
     */
    static final String AMQP_PUBLISHER = "";

    private static final int SHORTSTR_MAX = 255;

    private MqttBridge() {
    }

    /** The routing key of an MQTT topic on {@code amq.topic}, unless it cannot be translated. */
    static Optional<String> routingKey(String topic) {
        if (TopicName.isDollarTopic(topic)) {
            return Optional.empty();
        }
        return Optional.of(topic.replace(TopicName.SEPARATOR, '.'));
    }

    /** The MQTT topic of a routing key on {@code amq.topic}, unless it cannot be translated. */
    static Optional<String> topic(String routingKey) {
        String topic = routingKey.replace('.', TopicName.SEPARATOR);
        if (TopicName.isDollarTopic(topic) || !TopicName.validate(topic, TopicLimits.protocol()).isValid()) {
            return Optional.empty();
        }
        return Optional.of(topic);
    }

    /** The headers an MQTT publish has in AMQP: its user properties and its QoS. */
    static Map<String, Object> headers(PublishEvent publish) {
        Map<String, Object> headers = new LinkedHashMap<>();
        for (UserProperty property : publish.properties().userProperties()) {
            // A field-table name is a short string (at most 255 bytes).
            if (utf8Length(property.name()) <= SHORTSTR_MAX) {
                headers.put(property.name(), LongString.of(property.value()));
            }
        }
        headers.put(QOS_HEADER, (byte) publish.qos());
        return headers;
    }

    /** The AMQP message of an MQTT publish routed through {@code amq.topic} with {@code routingKey}. */
    static AmqpMessage toAmqp(PublishEvent publish, String routingKey, Map<String, Object> headers) {
        BasicProperties properties = BasicProperties.EMPTY
                .withDeliveryMode(publish.qos() > 0 ? BasicProperties.PERSISTENT : BasicProperties.TRANSIENT)
                .withContentType(contentType(publish.properties()))
                .withExpiration(expiration(publish.properties()))
                .withHeaders(headers);
        return new AmqpMessage(VhostExchanges.MQTT_EXCHANGE, routingKey, BasicPropertiesCodec.encode(properties),
                publish.payload());
    }

    private static String contentType(MessageProperties properties) {
        String type = properties.contentType();
        return type != null && utf8Length(type) <= SHORTSTR_MAX ? type : null;
    }

    private static String expiration(MessageProperties properties) {
        OptionalLong seconds = properties.messageExpiryInterval();
        return seconds.isPresent() ? Long.toString(seconds.getAsLong() * 1000) : null;
    }

    /**
     * The MQTT publish of an AMQP publish that reached {@code amq.topic}, to be delivered as topic {@code topic}.
     *
     * @param properties the AMQP message's decoded properties
     */
    static PublishEvent toMqtt(AmqpPublishEvent event, String topic, BasicProperties properties) {
        MessageProperties mqtt = new MessageProperties(OptionalInt.empty(), OptionalLong.empty(),
                properties.contentType(), null, null, userProperties(properties.headers()));
        return new PublishEvent(event.messageId(), event.vhost(), AMQP_PUBLISHER, event.publisher().nodeId(), topic,
                properties.persistent() ? 1 : 0, false, event.receivedAt(), mqtt, event.message().body());
    }

    private static List<UserProperty> userProperties(Map<String, Object> headers) {
        List<UserProperty> properties = new ArrayList<>();
        if (headers == null) {
            return properties;
        }
        headers.forEach((name, value) -> {
            String text = value instanceof LongString longString
                    ? new String(longString.bytes(), StandardCharsets.UTF_8)
                    : value instanceof String string ? string : null;
            // MQTT strings never hold U+0000 [MQTT-1.5.4-2]; such a header is not a user property.
            if (text != null && name.indexOf('\u0000') < 0 && text.indexOf('\u0000') < 0) {
                properties.add(new UserProperty(name, text));
            }
        });
        return properties;
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
