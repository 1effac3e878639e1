package io.tsunagu.ingest.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAck;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.unsuback.Mqtt5UnsubAck;
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.unsuback.Mqtt5UnsubAckReasonCode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.codec.SessionCodec;
import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.SessionState;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.support.KafkaTestClient;
import io.tsunagu.ingest.support.MqttClients;
import io.tsunagu.ingest.support.NodeIdTestResource;
import io.tsunagu.ingest.support.RawMqttClient;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class SubscribeTest {

    private static final String TOO_DEEP = "a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q";

    @Inject
    MqttListener listener;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void subackArrivesOnlyOnceTheFullSessionStateIsInKafka() {
        String clientId = MqttClients.uniqueId("sub");
        String key = Streams.sessionKey("default", clientId);
        String root = MqttClients.uniqueTopic("sub");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            TopicPartition partition = kafka.partitionFor(Streams.SESSION, key);
            long before = kafka.endOffsets(Streams.SESSION).get(partition);
            Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), clientId);
            client.connect();
            client.subscribeWith().topicFilter(root + "/+/temperature").qos(MqttQos.AT_LEAST_ONCE).send();

            client.subscribeWith().topicFilter(root + "/#").qos(MqttQos.AT_MOST_ONCE).send();
            long endAtSuback = kafka.endOffsets(Streams.SESSION).get(partition);
            client.disconnect();

            List<SessionEvent> events = kafka.readRange(partition, before, endAtSuback).stream()
                    .filter(record -> key.equals(record.key()))
                    .map(record -> SessionCodec.decode(record.value()))
                    .toList();
            assertThat(events).extracting(SessionEvent::state).containsOnly(SessionState.CONNECTED);
            // The HiveMQ client adds Subscription Identifiers of its own, so compare filters and QoS only.
            assertThat(events.get(events.size() - 1).subscriptions())
                    .extracting(Subscription::filter, Subscription::qos)
                    .containsExactly(tuple(root + "/+/temperature", 1), tuple(root + "/#", 0));
        }
    }

    @Test
    void unsubscribePublishesTheStateWithoutTheFilterAndAnswersPerFilter() throws Exception {
        String clientId = MqttClients.uniqueId("unsub");
        String key = Streams.sessionKey("default", clientId);
        String filter = MqttClients.uniqueTopic("unsub") + "/#";
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            var from = kafka.endOffsets(Streams.SESSION);
            Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), clientId);
            client.connect();
            client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();

            Mqtt5UnsubAck unsubAck = client.toAsync().unsubscribeWith()
                    .addTopicFilter(filter).addTopicFilter("never/subscribed").send().get(10, TimeUnit.SECONDS);
            client.disconnect();

            assertThat(unsubAck.getReasonCodes()).containsExactly(Mqtt5UnsubAckReasonCode.SUCCESS,
                    Mqtt5UnsubAckReasonCode.NO_SUBSCRIPTIONS_EXISTED);
            List<SessionEvent> events = kafka.awaitRecords(from, record -> key.equals(record.key()), 4,
                    Duration.ofSeconds(20)).stream().map(ConsumerRecord::value).map(SessionCodec::decode).toList();
            assertThat(events).extracting(event -> event.subscriptions().size()).containsExactly(0, 1, 0, 0);
            assertThat(events).extracting(SessionEvent::state).containsExactly(SessionState.CONNECTED,
                    SessionState.CONNECTED, SessionState.CONNECTED, SessionState.ENDED);
        }
    }

    @Test
    void mqtt5RefusedFiltersGetTheirOwnReasonCodesWhileSharedAndQos2AreGranted() throws Exception {
        Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), MqttClients.uniqueId("codes"));
        client.connect();
        String root = MqttClients.uniqueTopic("codes");

        Mqtt5SubAck subAck = subAck5(client.toAsync().subscribeWith()
                .addSubscription().topicFilter(root + "/+").qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                .addSubscription().topicFilter(TOO_DEEP).qos(MqttQos.AT_MOST_ONCE).applySubscription()
                .addSubscription().topicFilter("$share/group/" + root).qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                .addSubscription().topicFilter(root + "/q2").qos(MqttQos.EXACTLY_ONCE).applySubscription()
                .send());
        client.disconnect();

        assertThat(subAck.getReasonCodes()).containsExactly(
                Mqtt5SubAckReasonCode.GRANTED_QOS_1,
                Mqtt5SubAckReasonCode.TOPIC_FILTER_INVALID,
                Mqtt5SubAckReasonCode.GRANTED_QOS_1,
                Mqtt5SubAckReasonCode.GRANTED_QOS_2);
        assertThat(subAck.getReasonString()).hasValueSatisfying(
                reason -> assertThat(reason.toString()).startsWith("ING-1013"));
    }

    @Test
    void mqtt311RefusedFiltersGetFailureWhileSharedIsGranted() throws Exception {
        Mqtt3BlockingClient client = MqttClients.hivemq3Blocking(listener.actualPort(), MqttClients.uniqueId("v3"));
        client.connect();
        String root = MqttClients.uniqueTopic("v3");

        Mqtt3SubAck subAck = subAck3(client.toAsync().subscribeWith()
                .addSubscription().topicFilter(root + "/#").qos(MqttQos.EXACTLY_ONCE).applySubscription()
                .addSubscription().topicFilter(TOO_DEEP).applySubscription()
                .addSubscription().topicFilter("$share/group/" + root).qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                .send());
        client.disconnect();

        assertThat(subAck.getReturnCodes()).containsExactly(Mqtt3SubAckReturnCode.SUCCESS_MAXIMUM_QOS_2,
                Mqtt3SubAckReturnCode.FAILURE, Mqtt3SubAckReturnCode.SUCCESS_MAXIMUM_QOS_1);
    }

    @Test
    void malformedFilterIsAnsweredWithTopicFilterInvalid() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
            raw.send(RawMqttClient.connect5(MqttClients.uniqueId("rawsub"), 60));
            raw.expect(RawMqttClient.CONNACK);

            raw.send(RawMqttClient.subscribe(7, "a/#/b", 0x01, new byte[] {0}));

            RawMqttClient.Packet suback = raw.expect(RawMqttClient.SUBACK);
            assertThat(suback.packetId()).isEqualTo(7);
            assertThat(suback.body()[suback.body().length - 1] & 0xFF).isEqualTo(0x8F);
        }
    }

    private static Mqtt5SubAck subAck5(CompletableFuture<Mqtt5SubAck> future) throws Exception {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return ((Mqtt5SubAckException) e.getCause()).getMqttMessage();
        }
    }

    private static Mqtt3SubAck subAck3(CompletableFuture<Mqtt3SubAck> future) throws Exception {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return ((Mqtt3SubAckException) e.getCause()).getMqttMessage();
        }
    }
}
