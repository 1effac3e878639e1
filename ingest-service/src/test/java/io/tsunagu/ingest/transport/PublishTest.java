package io.tsunagu.ingest.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.event.MessageIds;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.UserProperty;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.config.NodeIdentity;
import io.tsunagu.ingest.support.KafkaTestClient;
import io.tsunagu.ingest.support.MqttClients;
import io.tsunagu.ingest.support.NodeIdTestResource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class PublishTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    MqttListener listener;

    @Inject
    NodeIdentity identity;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void qos1PublishIsOnThePublishStreamWithEveryField() {
        String clientId = MqttClients.uniqueId("pub");
        String topic = MqttClients.uniqueTopic("pub") + "/temperature";
        byte[] payload = randomBytes(4096);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);
            Instant before = Instant.now();
            Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), clientId);
            client.connect();
            client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload)
                    .contentType("application/octet-stream")
                    .responseTopic("replies/" + clientId)
                    .correlationData(new byte[] {4, 2})
                    .messageExpiryInterval(120)
                    .userProperties().add("site", "osaka").add("line", "3").applyUserProperties()
                    .send();
            client.disconnect();

            ConsumerRecord<String, byte[]> record = kafka.awaitRecords(from,
                    r -> Streams.publishKey("default", topic).equals(r.key()), 1, WAIT).get(0);

            PublishEvent event = PublishCodec.decode(record.value());
            assertThat(event.tenant()).isEqualTo("default");
            assertThat(event.clientId()).isEqualTo(clientId);
            assertThat(event.nodeId()).isEqualTo(identity.nodeId());
            assertThat(event.topic()).isEqualTo(topic);
            assertThat(event.qos()).isEqualTo(1);
            assertThat(event.retain()).isFalse();
            assertThat(event.receivedAt()).isBetween(before, Instant.now());
            assertThat(event.messageId().version()).isEqualTo(7);
            assertThat(MessageIds.epochMillisOf(event.messageId())).isEqualTo(event.receivedAt().toEpochMilli());
            assertThat(event.payload().toByteArray()).isEqualTo(payload);
            assertThat(event.properties().contentType()).isEqualTo("application/octet-stream");
            assertThat(event.properties().responseTopic()).isEqualTo("replies/" + clientId);
            assertThat(event.properties().correlationData()).isEqualTo(Payload.wrap(new byte[] {4, 2}));
            assertThat(event.properties().messageExpiryInterval()).hasValue(120);
            assertThat(event.properties().userProperties())
                    .containsExactly(new UserProperty("site", "osaka"), new UserProperty("line", "3"));
        }
    }

    @Test
    void pubackArrivesOnlyOnceTheRecordIsCommittedInKafka() {
        String topic = MqttClients.uniqueTopic("ack");
        byte[] payload = ("acked-" + topic).getBytes(StandardCharsets.UTF_8);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            TopicPartition partition = kafka.partitionFor(Streams.PUBLISH, Streams.publishKey("default", topic));
            long before = kafka.endOffsets(Streams.PUBLISH).get(partition);
            Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(),
                    MqttClients.uniqueId("ack"));
            client.connect();

            Mqtt5PublishResult result = client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(payload).send();
            // Read right at PUBACK: acks=all means the record is below the high watermark already.
            long endAtPuback = kafka.endOffsets(Streams.PUBLISH).get(partition);
            client.disconnect();

            assertThat(((Mqtt5PublishResult.Mqtt5Qos1Result) result).getPubAck().getReasonCode())
                    .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
            List<ConsumerRecord<String, byte[]>> committed = kafka.readRange(partition, before, endAtPuback);
            assertThat(committed).anySatisfy(record ->
                    assertThat(PublishCodec.decode(record.value()).payload().toByteArray()).isEqualTo(payload));
        }
    }

    @Test
    void pahoMqtt311PublishesAtQos0AndQos1ReachThePublishStream() throws Exception {
        String clientId = MqttClients.uniqueId("paho3");
        String topic = MqttClients.uniqueTopic("paho3");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);
            MqttClient client = MqttClients.paho3(listener.actualPort(), clientId);
            client.connect(MqttClients.paho3Options(MqttConnectOptions.MQTT_VERSION_3_1_1));
            client.publish(topic, "zero".getBytes(StandardCharsets.UTF_8), 0, false);
            client.publish(topic, "one".getBytes(StandardCharsets.UTF_8), 1, true);
            client.disconnect();
            client.close();

            List<PublishEvent> events = kafka.awaitRecords(from,
                    r -> Streams.publishKey("default", topic).equals(r.key()), 2, WAIT)
                    .stream().map(r -> PublishCodec.decode(r.value())).toList();

            assertThat(events).extracting(e -> e.payload().toUtf8()).containsExactly("zero", "one");
            assertThat(events).extracting(PublishEvent::qos).containsExactly(0, 1);
            assertThat(events).extracting(PublishEvent::retain).containsExactly(false, true);
            assertThat(events).allSatisfy(e -> assertThat(e.properties().isEmpty()).isTrue());
        }
    }

    @Test
    void publishesOfOneClientKeepTheirOrderPerTopic() {
        String topic = MqttClients.uniqueTopic("order");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);
            Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(),
                    MqttClients.uniqueId("order"));
            client.connect();
            for (int i = 0; i < 50; i++) {
                client.toAsync().publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                        .payload(Integer.toString(i).getBytes(StandardCharsets.UTF_8)).send();
            }

            List<String> payloads = kafka.awaitRecords(from,
                    r -> Streams.publishKey("default", topic).equals(r.key()), 50, WAIT)
                    .stream().map(r -> PublishCodec.decode(r.value()).payload().toUtf8()).toList();
            client.disconnect();

            assertThat(payloads).containsExactlyElementsOf(
                    IntStream.range(0, 50).mapToObj(Integer::toString).toList());
        }
    }

    @Test
    void utf8PayloadWithUtf8IndicatorIsAccepted() {
        Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), MqttClients.uniqueId("pfi"));
        client.connect();

        Mqtt5PublishResult result = client.publishWith().topic(MqttClients.uniqueTopic("pfi"))
                .qos(MqttQos.AT_LEAST_ONCE).payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
                .payload("気温 21°C".getBytes(StandardCharsets.UTF_8)).send();
        client.disconnect();

        assertThat(((Mqtt5PublishResult.Mqtt5Qos1Result) result).getPubAck().getReasonCode())
                .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }
}
