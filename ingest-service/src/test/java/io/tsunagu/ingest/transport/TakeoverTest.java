package io.tsunagu.ingest.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.codec.SessionCodec;
import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.SessionState;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.support.KafkaTestClient;
import io.tsunagu.ingest.support.MqttClients;
import io.tsunagu.ingest.support.NodeIdTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.Test;

/** A second connection with the same client id on this node takes the session over [MQTT-3.1.4-3]. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class TakeoverTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    MqttListener listener;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void secondConnectionClosesTheFirstWithSessionTakenOver() {
        String clientId = MqttClients.uniqueId("takeover");
        Queue<Throwable> causes = new ConcurrentLinkedQueue<>();
        Mqtt5BlockingClient first = MqttClients.hivemq5(listener.actualPort(), clientId)
                .addDisconnectedListener(context -> causes.add(context.getCause()))
                .buildBlocking();
        first.connect();
        Mqtt5BlockingClient second = MqttClients.hivemq5Blocking(listener.actualPort(), clientId);

        second.connect();

        await().atMost(WAIT).until(() -> !causes.isEmpty());
        assertThat(causes.peek()).isInstanceOfSatisfying(Mqtt5DisconnectException.class, disconnect -> {
            assertThat(disconnect.getMqttMessage().getReasonCode())
                    .isEqualTo(Mqtt5DisconnectReasonCode.SESSION_TAKEN_OVER);
            assertThat(disconnect.getMqttMessage().getReasonString().map(Object::toString))
                    .contains("ING-1012 Session taken over");
        });
        assertThat(second.getState().isConnected()).isTrue();
        second.disconnect();
    }

    @Test
    void oldSessionEndsOnTheSessionStreamBeforeTheNewOneStartsAndOnlyOnce() {
        String clientId = MqttClients.uniqueId("order");
        String key = Streams.sessionKey("default", clientId);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.SESSION);
            Mqtt5BlockingClient first = MqttClients.hivemq5Blocking(listener.actualPort(), clientId);
            first.connect();
            first.subscribeWith().topicFilter(MqttClients.uniqueTopic("order") + "/#").send();
            Mqtt5BlockingClient second = MqttClients.hivemq5Blocking(listener.actualPort(), clientId);
            second.connect();
            second.disconnect();
            Mqtt5BlockingClient third = MqttClients.hivemq5Blocking(listener.actualPort(), clientId);
            third.connect();
            third.disconnect();

            List<SessionEvent> events = kafka.awaitRecords(from, record -> key.equals(record.key()), 7, WAIT)
                    .stream().map(ConsumerRecord::value).map(SessionCodec::decode).toList();

            assertThat(events).extracting(SessionEvent::state).containsExactly(
                    SessionState.CONNECTED, SessionState.CONNECTED, SessionState.ENDED,
                    SessionState.CONNECTED, SessionState.ENDED,
                    SessionState.CONNECTED, SessionState.ENDED);
            assertThat(events.get(1).subscriptions()).hasSize(1);
            assertThat(events.get(3).subscriptions()).isEmpty();
        }
    }

    @Test
    void rapidReconnectsKeepEveryEndedBeforeTheNextConnected() {
        String clientId = MqttClients.uniqueId("rapid");
        String key = Streams.sessionKey("default", clientId);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.SESSION);
            for (int i = 0; i < 5; i++) {
                Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), clientId);
                client.connect();
                client.disconnect();
            }

            List<SessionState> states = kafka.awaitRecords(from, record -> key.equals(record.key()), 10, WAIT)
                    .stream().map(record -> SessionCodec.decode(record.value()).state()).toList();

            for (int i = 0; i < states.size(); i++) {
                assertThat(states.get(i)).isEqualTo(i % 2 == 0 ? SessionState.CONNECTED : SessionState.ENDED);
            }
        }
    }

    @Test
    void mqtt311TakeoverClosesTheOldConnection() throws Exception {
        String clientId = MqttClients.uniqueId("takeover3");
        Queue<Throwable> lost = new ConcurrentLinkedQueue<>();
        MqttClient first = MqttClients.paho3(listener.actualPort(), clientId);
        first.setCallback(new LostRecorder(lost));
        MqttConnectOptions options = MqttClients.paho3Options(MqttConnectOptions.MQTT_VERSION_3_1_1);
        first.connect(options);
        MqttClient second = MqttClients.paho3(listener.actualPort(), clientId);

        second.connect(options);

        await().atMost(WAIT).until(() -> !lost.isEmpty());
        assertThat(first.isConnected()).isFalse();
        assertThat(second.isConnected()).isTrue();
        second.disconnect();
        second.close();
        first.close();
    }

    /** Records connectionLost. */
    private record LostRecorder(Queue<Throwable> lost) implements MqttCallback {
        @Override
        public void connectionLost(Throwable cause) {
            lost.add(cause);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // Not subscribed.
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // Nothing published.
        }
    }
}
