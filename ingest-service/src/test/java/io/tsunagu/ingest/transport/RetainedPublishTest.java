package io.tsunagu.ingest.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.support.KafkaTestClient;
import io.tsunagu.ingest.support.MqttClients;
import io.tsunagu.ingest.support.NodeIdTestResource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
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
 * A PUBLISH with RETAIN 1 goes to the publish stream and to the compacted retained stream, and is acknowledged only
 * once both have it.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class RetainedPublishTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    MqttListener listener;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void mqtt5ConnackSaysRetainAvailable() {
        Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), MqttClients.uniqueId("ra"));

        Mqtt5ConnAck connAck = client.connect();
        client.disconnect();

        assertThat(connAck.getRestrictions().isRetainAvailable()).isTrue();
    }

    @Test
    void retainedPublishIsOnBothStreamsWhenItsPubackArrives() {
        String topic = MqttClients.uniqueTopic("retained");
        String key = Streams.publishKey("default", topic);
        byte[] payload = ("retained-" + topic).getBytes(StandardCharsets.UTF_8);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            TopicPartition publishPartition = kafka.partitionFor(Streams.PUBLISH, key);
            TopicPartition retainedPartition = kafka.partitionFor(Streams.RETAINED, key);
            long publishBefore = kafka.endOffsets(Streams.PUBLISH).get(publishPartition);
            long retainedBefore = kafka.endOffsets(Streams.RETAINED).get(retainedPartition);
            Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(),
                    MqttClients.uniqueId("retained"));
            client.connect();

            Mqtt5PublishResult result = client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                    .payload(payload).contentType("text/plain").send();
            // Read right at PUBACK: acks=all on both streams means both records are below the high watermark.
            long publishAtPuback = kafka.endOffsets(Streams.PUBLISH).get(publishPartition);
            long retainedAtPuback = kafka.endOffsets(Streams.RETAINED).get(retainedPartition);
            client.disconnect();

            assertThat(((Mqtt5PublishResult.Mqtt5Qos1Result) result).getPubAck().getReasonCode())
                    .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
            PublishEvent published = single(kafka.readRange(publishPartition, publishBefore, publishAtPuback), key);
            ConsumerRecord<String, byte[]> retained =
                    singleRecord(kafka.readRange(retainedPartition, retainedBefore, retainedAtPuback), key);
            assertThat(published.retain()).isTrue();
            assertThat(published.payload().toByteArray()).isEqualTo(payload);
            // The same record on both streams: routing and storage decode one format.
            assertThat(PublishCodec.decode(retained.value())).isEqualTo(published);
            assertThat(PublishCodec.decode(retained.value()).properties().contentType()).isEqualTo("text/plain");
        }
    }

    @Test
    void emptyRetainedPayloadIsATombstoneOnTheRetainedStreamAndAMessageOnThePublishStream() {
        String topic = MqttClients.uniqueTopic("tombstone");
        String key = Streams.publishKey("default", topic);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> retainedFrom = kafka.endOffsets(Streams.RETAINED);
            Map<TopicPartition, Long> publishFrom = kafka.endOffsets(Streams.PUBLISH);
            Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(),
                    MqttClients.uniqueId("tombstone"));
            client.connect();
            client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                    .payload("kept".getBytes(StandardCharsets.UTF_8)).send();

            client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true).send();
            client.disconnect();

            List<ConsumerRecord<String, byte[]>> retained = kafka.awaitRecords(retainedFrom,
                    record -> key.equals(record.key()), 2, WAIT);
            assertThat(PublishCodec.decode(retained.get(0).value()).payload().toUtf8()).isEqualTo("kept");
            // [MQTT-3.3.1-6]: a zero-byte retained message removes the retained message of the topic.
            assertThat(retained.get(1).value()).isNull();
            // ... and is still delivered to current subscribers as a normal message.
            List<PublishEvent> published = kafka.awaitRecords(publishFrom, record -> key.equals(record.key()), 2,
                    WAIT).stream().map(record -> PublishCodec.decode(record.value())).toList();
            assertThat(published).extracting(event -> event.payload().length()).containsExactly(4, 0);
        }
    }

    @Test
    void qos0RetainedPublishIsRetainedToo() {
        String topic = MqttClients.uniqueTopic("retained0");
        String key = Streams.publishKey("default", topic);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.RETAINED);
            Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(),
                    MqttClients.uniqueId("retained0"));
            client.connect();

            client.publishWith().topic(topic).qos(MqttQos.AT_MOST_ONCE).retain(true)
                    .payload("zero".getBytes(StandardCharsets.UTF_8)).send();
            client.disconnect();

            // [MQTT-3.3.1-7] (3.1.1; MQTT 5 §3.3.1.3 stores it whatever its QoS).
            ConsumerRecord<String, byte[]> record = kafka.awaitRecords(from, r -> key.equals(r.key()), 1, WAIT)
                    .get(0);
            assertThat(PublishCodec.decode(record.value()).qos()).isZero();
        }
    }

    @Test
    void mqtt311RetainedPublishFromPahoIsOnTheRetainedStream() throws Exception {
        String topic = MqttClients.uniqueTopic("retained3");
        String key = Streams.publishKey("default", topic);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.RETAINED);
            MqttClient client = MqttClients.paho3(listener.actualPort(), MqttClients.uniqueId("retained3"));
            client.connect(MqttClients.paho3Options(MqttConnectOptions.MQTT_VERSION_3_1_1));

            client.publish(topic, "three".getBytes(StandardCharsets.UTF_8), 1, true);
            client.disconnect();
            client.close();

            ConsumerRecord<String, byte[]> record = kafka.awaitRecords(from, r -> key.equals(r.key()), 1, WAIT)
                    .get(0);
            assertThat(PublishCodec.decode(record.value()).payload().toUtf8()).isEqualTo("three");
        }
    }

    @Test
    void publishWithoutRetainIsNotOnTheRetainedStream() {
        String topic = MqttClients.uniqueTopic("live");
        String key = Streams.publishKey("default", topic);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> retainedFrom = kafka.endOffsets(Streams.RETAINED);
            Map<TopicPartition, Long> publishFrom = kafka.endOffsets(Streams.PUBLISH);
            Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(),
                    MqttClients.uniqueId("live"));
            client.connect();

            client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload("live".getBytes(StandardCharsets.UTF_8)).send();
            client.disconnect();

            assertThat(kafka.awaitRecords(publishFrom, r -> key.equals(r.key()), 1, WAIT)).hasSize(1);
            try (KafkaTestClient retained = new KafkaTestClient(bootstrapServers)) {
                assertThat(retained.collectFor(retainedFrom, r -> key.equals(r.key()), Duration.ofSeconds(1)))
                        .isEmpty();
            }
        }
    }

    private static PublishEvent single(List<ConsumerRecord<String, byte[]>> records, String key) {
        return PublishCodec.decode(singleRecord(records, key).value());
    }

    private static ConsumerRecord<String, byte[]> singleRecord(List<ConsumerRecord<String, byte[]>> records,
            String key) {
        List<ConsumerRecord<String, byte[]>> matching = records.stream().filter(r -> key.equals(r.key())).toList();
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }
}
