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

    /** Highest QoS accepted: QoS 2 arrives with issue 3 [MQTT-3.2.2-9]; more is refused with 0x9B (§3.2.2.3.4). */
    public static final int MAXIMUM_QOS = 1;
    /** No topic aliases yet: clients must not send any [MQTT-3.2.2-17]. */
    public static final int TOPIC_ALIAS_MAXIMUM = 0;
    /** Retained messages are not kept yet (issue 3), so a retained PUBLISH is refused [MQTT-3.2.2-14]. */
    public static final boolean RETAIN_AVAILABLE = false;
    /** Wildcard filters are supported. */
    public static final boolean WILDCARD_SUBSCRIPTION_AVAILABLE = true;
    /** Subscription identifiers are not supported yet (issue 3). */
    public static final boolean SUBSCRIPTION_IDENTIFIERS_AVAILABLE = false;
    /** Shared subscriptions are not supported yet (issue 3). */
    public static final boolean SHARED_SUBSCRIPTION_AVAILABLE = false;

    private ConnackProperties() {
    }

    /** The CONNACK properties for {@code settings}. */
    public static MqttProperties build(ConnackSettings settings) {
        MqttProperties properties = new MqttProperties();
        add(properties, MqttPropertyType.MAXIMUM_QOS, MAXIMUM_QOS);
        add(properties, MqttPropertyType.RECEIVE_MAXIMUM, settings.receiveMaximum());
        add(properties, MqttPropertyType.MAXIMUM_PACKET_SIZE, settings.maximumPacketSize());
        add(properties, MqttPropertyType.TOPIC_ALIAS_MAXIMUM, TOPIC_ALIAS_MAXIMUM);
        add(properties, MqttPropertyType.RETAIN_AVAILABLE, flag(RETAIN_AVAILABLE));
        add(properties, MqttPropertyType.WILDCARD_SUBSCRIPTION_AVAILABLE, flag(WILDCARD_SUBSCRIPTION_AVAILABLE));
        add(properties, MqttPropertyType.SUBSCRIPTION_IDENTIFIER_AVAILABLE, flag(SUBSCRIPTION_IDENTIFIERS_AVAILABLE));
        add(properties, MqttPropertyType.SHARED_SUBSCRIPTION_AVAILABLE, flag(SHARED_SUBSCRIPTION_AVAILABLE));
        settings.serverKeepAlive().ifPresent(seconds -> add(properties, MqttPropertyType.SERVER_KEEP_ALIVE, seconds));
        if (settings.sessionExpiryOverridden()) {
            // Sessions end with the connection until issue 3; the client uses the value we send (MQTT 5 §3.2.2.3.2).
            add(properties, MqttPropertyType.SESSION_EXPIRY_INTERVAL, 0);
        }
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
