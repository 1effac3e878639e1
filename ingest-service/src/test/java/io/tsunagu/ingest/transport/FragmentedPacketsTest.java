package io.tsunagu.ingest.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.support.MqttClients;
import io.tsunagu.ingest.support.NodeIdTestResource;
import io.tsunagu.ingest.support.RawMqttClient;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * TCP is a byte stream: a packet may arrive in as many reads as it has bytes. Netty 4.1.133's MQTT decoder dropped
 * a connection whose packet had its variable header split across reads ("message length exceeds"); the build pins
 * a Netty that does not, and this test keeps it that way.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class FragmentedPacketsTest {

    private static final int PUBLISHES = 20;

    @Inject
    MqttListener listener;

    @Test
    void publishesWrittenOneByteAtATimeAreAllAcknowledged() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
            raw.send(RawMqttClient.connect5(MqttClients.uniqueId("trickle"), 60));
            raw.expect(RawMqttClient.CONNACK);
            String topic = MqttClients.uniqueTopic("trickle");

            List<Integer> acknowledged = new ArrayList<>();
            for (int packetId = 1; packetId <= PUBLISHES; packetId++) {
                byte[] publish = RawMqttClient.publish5(topic, 1, packetId,
                        ("m" + packetId).getBytes(StandardCharsets.UTF_8));
                for (byte single : publish) {
                    raw.send(new byte[] {single});
                }
                RawMqttClient.Packet puback = raw.expect(RawMqttClient.PUBACK);
                assertThat(puback.reasonCode()).isZero();
                acknowledged.add(puback.packetId());
            }

            assertThat(acknowledged).containsExactlyElementsOf(IntStream.rangeClosed(1, PUBLISHES).boxed().toList());
        }
    }
}
