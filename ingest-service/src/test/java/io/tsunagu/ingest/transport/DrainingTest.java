package io.tsunagu.ingest.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.support.MqttClients;
import io.tsunagu.ingest.support.NodeIdTestResource;
import io.tsunagu.ingest.support.RawMqttClient;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Once shutdown has begun, new sessions are refused so that clients go to another node. Own application. */
@QuarkusTest
@TestProfile(DrainingTest.OwnApplication.class)
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class DrainingTest {

    @Inject
    MqttListener listener;

    @Inject
    ConnectionRegistry registry;

    /** A separate application instance for this test: it stops accepting for good. */
    public static final class OwnApplication implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tsunagu.ingest.shutdown-timeout", "6s");
        }
    }

    @Test
    void whileDrainingConnectIsRefusedWithServerUnavailable() throws Exception {
        registry.startDraining();

        Mqtt5ConnAckException refused = catchThrowableOfType(Mqtt5ConnAckException.class,
                () -> MqttClients.hivemq5Blocking(listener.actualPort(), MqttClients.uniqueId("late")).connect());
        try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
            raw.send(RawMqttClient.connect311(MqttClients.uniqueId("late3"), 60));

            assertThat(raw.expect(RawMqttClient.CONNACK).reasonCode()).isEqualTo(0x03);
        }
        assertThat(refused.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SERVER_UNAVAILABLE);
    }
}
