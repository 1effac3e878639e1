package io.tsunagu.ingest.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.Test;

/**
 * SUBSCRIBE asks routing for retained messages through the session event's {@code retainedRequests}, following
 * Retain Handling; the SUBACK comes once that event is in Kafka.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class RetainedRequestsOnSubscribeTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    MqttListener listener;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void eachRetainHandlingAsksAsTheSpecSays() {
        String clientId = MqttClients.uniqueId("rh");
        String root = MqttClients.uniqueTopic("rh");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.SESSION);
            Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), clientId);
            client.connect();
            client.subscribeWith()
                    .addSubscription().topicFilter(root + "/rh0").retainHandling(Mqtt5RetainHandling.SEND)
                    .applySubscription()
                    .addSubscription().topicFilter(root + "/rh1")
                    .retainHandling(Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST).applySubscription()
                    .addSubscription().topicFilter(root + "/rh2").retainHandling(Mqtt5RetainHandling.DO_NOT_SEND)
                    .applySubscription()
                    .send();
            client.disconnect();

            // [MQTT-3.3.1-9] [MQTT-3.3.1-10] [MQTT-3.3.1-11]
            assertThat(subscribeEvents(kafka, from, clientId, 1).get(0).retainedRequests())
                    .containsExactly(root + "/rh0", root + "/rh1");
        }
    }

    @Test
    void resubscribingAsksAgainWithRetainHandling0ButNotWith1() {
        String clientId = MqttClients.uniqueId("resub");
        String root = MqttClients.uniqueTopic("resub");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.SESSION);
            Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), clientId);
            client.connect();
            subscribe(client, root + "/a", Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST);
            subscribe(client, root + "/a", Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST);
            subscribe(client, root + "/a", Mqtt5RetainHandling.SEND);
            client.disconnect();

            assertThat(subscribeEvents(kafka, from, clientId, 3)).extracting(SessionEvent::retainedRequests)
                    .containsExactly(List.of(root + "/a"), List.of(), List.of(root + "/a"));
        }
    }

    @Test
    void mqtt311ClientsAskOnEverySubscribe() throws Exception {
        String clientId = MqttClients.uniqueId("rh311");
        String filter = MqttClients.uniqueTopic("rh311") + "/#";
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.SESSION);
            MqttClient client = MqttClients.paho3(listener.actualPort(), clientId);
            client.connect(MqttClients.paho3Options(MqttConnectOptions.MQTT_VERSION_3_1_1));
            client.subscribe(filter, 1);
            client.subscribe(filter, 0);
            client.disconnect();
            client.close();

            // 3.1.1 has no Retain Handling: a repeated subscription re-sends them too (3.1.1 [MQTT-3.8.4-3]).
            assertThat(subscribeEvents(kafka, from, clientId, 2)).extracting(SessionEvent::retainedRequests)
                    .containsExactly(List.of(filter), List.of(filter));
        }
    }

    @Test
    void sharedFiltersAreNotAsked() {
        String clientId = MqttClients.uniqueId("rhshare");
        String root = MqttClients.uniqueTopic("rhshare");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.SESSION);
            Mqtt3BlockingClient client = MqttClients.hivemq3Blocking(listener.actualPort(), clientId);
            client.connect();
            client.toAsync().subscribeWith()
                    .addSubscription().topicFilter("$share/group/" + root).applySubscription()
                    .addSubscription().topicFilter(root + "/#").qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                    .send()
                    .join();
            client.disconnect();

            // Retained messages go to new non-shared subscriptions only (MQTT 5 §4.8.2), for 3.1.1 clients too.
            assertThat(subscribeEvents(kafka, from, clientId, 1).get(0).retainedRequests())
                    .containsExactly(root + "/#");
        }
    }

    private static void subscribe(Mqtt5BlockingClient client, String filter, Mqtt5RetainHandling handling) {
        client.subscribeWith().topicFilter(filter).retainHandling(handling).send();
    }

    /** The first {@code count} session events of {@code clientId} that carry subscriptions. */
    private static List<SessionEvent> subscribeEvents(KafkaTestClient kafka, Map<TopicPartition, Long> from,
            String clientId, int count) {
        String key = Streams.sessionKey("default", clientId);
        return kafka.awaitRecords(from, record -> key.equals(record.key()), count + 2, WAIT).stream()
                .map(ConsumerRecord::value)
                .map(SessionCodec::decode)
                .filter(event -> event.state() == SessionState.CONNECTED && !event.subscriptions().isEmpty())
                .limit(count)
                .toList();
    }
}
