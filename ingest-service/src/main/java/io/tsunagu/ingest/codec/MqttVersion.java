package io.tsunagu.ingest.codec;

/** The MQTT protocol levels carried in CONNECT [MQTT-3.1.2-2]. */
public final class MqttVersion {

    /** MQTT 3.1, protocol name "MQIsdp": served as 3.1.1 where the two agree. */
    public static final int MQTT_3_1 = 3;
    /** MQTT 3.1.1. */
    public static final int MQTT_3_1_1 = 4;
    /** MQTT 5.0. */
    public static final int MQTT_5 = 5;

    private MqttVersion() {
    }

    /** True for MQTT 5.0, the only level with reason codes and properties. */
    public static boolean isMqtt5(int protocolVersion) {
        return protocolVersion >= MQTT_5;
    }
}
