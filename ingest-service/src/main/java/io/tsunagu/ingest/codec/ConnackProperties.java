package io.tsunagu.ingest.codec;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttProperties.StringProperty;

/**
 * Builds the properties of an MQTT 5 CONNACK (MQTT 5 §3.2.2.3), telling the client what this server supports.
 * Pure functions.
 */
public final class ConnackProperties {

    /**
     * Highest QoS accepted and granted. It is 2, which CONNACK expresses by leaving Maximum QoS out: the property
     * may only carry 0 or 1 (MQTT 5 §3.2.2.3.4).
     */
    public static final int MAXIMUM_QOS = 2;
    /** Wildcard filters are supported. */
    public static final boolean WILDCARD_SUBSCRIPTION_AVAILABLE = true;
    /** SUBSCRIBE may carry a Subscription Identifier, sent back on matching deliveries (MQTT 5 §3.8.2.1.2). */
    public static final boolean SUBSCRIPTION_IDENTIFIERS_AVAILABLE = true;
    /**
     * {@code $share/{ShareName}/{filter}} subscriptions are accepted; routing gives each message to one member of the
     * group (MQTT 5 §4.8.2).
     */
    public static final boolean SHARED_SUBSCRIPTION_AVAILABLE = true;

    private ConnackProperties() {
    }

    /**
     * The CONNACK properties for {@code settings}. {@code retainAvailable} is the node's
     * {@code tsunagu.ingest.mqtt.retain-available}: 0 tells the client not to send RETAIN 1 [MQTT-3.2.2-14].
     */
    public static MqttProperties build(ConnackSettings settings, boolean retainAvailable) {
        MqttProperties properties = new MqttProperties();
        // No Maximum QoS property: absent means QoS 2, the only way to say it (MQTT 5 §3.2.2.3.4).
        add(properties, MqttPropertyType.RECEIVE_MAXIMUM, settings.receiveMaximum());
        add(properties, MqttPropertyType.MAXIMUM_PACKET_SIZE, settings.maximumPacketSize());
        // Clients may use aliases 1 to this value [MQTT-3.2.2-17]; 0 means none.
        add(properties, MqttPropertyType.TOPIC_ALIAS_MAXIMUM, settings.topicAliasMaximum());
        add(properties, MqttPropertyType.RETAIN_AVAILABLE, flag(retainAvailable));
        add(properties, MqttPropertyType.WILDCARD_SUBSCRIPTION_AVAILABLE, flag(WILDCARD_SUBSCRIPTION_AVAILABLE));
        add(properties, MqttPropertyType.SUBSCRIPTION_IDENTIFIER_AVAILABLE, flag(SUBSCRIPTION_IDENTIFIERS_AVAILABLE));
        add(properties, MqttPropertyType.SHARED_SUBSCRIPTION_AVAILABLE, flag(SHARED_SUBSCRIPTION_AVAILABLE));
        settings.serverKeepAlive().ifPresent(seconds -> add(properties, MqttPropertyType.SERVER_KEEP_ALIVE, seconds));
        // The client uses the interval we send instead of its own (MQTT 5 §3.2.2.3.2); a four-byte integer.
        settings.grantedSessionExpiry().ifPresent(seconds ->
                add(properties, MqttPropertyType.SESSION_EXPIRY_INTERVAL, (int) seconds));
        if (settings.assignedClientId() != null) {
            properties.add(new StringProperty(MqttPropertyType.ASSIGNED_CLIENT_IDENTIFIER.value(),
                    settings.assignedClientId()));
        }
        return properties;
    }

    private static void add(MqttProperties properties, MqttPropertyType type, int value) {
        properties.add(new IntegerProperty(type.value(), value));
    }

    private static int flag(boolean value) {
        return value ? 1 : 0;
    }
}
