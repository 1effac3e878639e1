package io.tsunagu.ingest.codec;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import java.util.OptionalInt;

/** Reads and writes the Topic Alias property of a PUBLISH (MQTT 5 §3.3.2.3.4). Pure functions. */
public final class TopicAliasProperty {

    private TopicAliasProperty() {
    }

    /** The Topic Alias of a PUBLISH, or empty when it has none. */
    public static OptionalInt read(MqttProperties properties) {
        MqttProperties.MqttProperty<?> property = properties.getProperty(MqttPropertyType.TOPIC_ALIAS.value());
        return property != null && property.value() instanceof Integer alias ? OptionalInt.of(alias)
                : OptionalInt.empty();
    }

    /** Adds Topic Alias {@code alias} to {@code properties} (which must be mutable). */
    public static void write(MqttProperties properties, int alias) {
        properties.add(new IntegerProperty(MqttPropertyType.TOPIC_ALIAS.value(), alias));
    }
}
