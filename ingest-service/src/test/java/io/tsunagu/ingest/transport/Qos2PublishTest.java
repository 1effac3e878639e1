package io.tsunagu.ingest.transport;

import static io.tsunagu.ingest.support.RawMqttClient.DISCONNECT;
import static io.tsunagu.ingest.support.RawMqttClient.PINGRESP;
import static io.tsunagu.ingest.support.RawMqttClient.PUBCOMP;
import static io.tsunagu.ingest.support.RawMqttClient.PUBREC;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.pubrec.Mqtt5PubRecReasonCode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.support.KafkaTestClient;
import io.tsunagu.ingest.support.MqttClients;
import io.tsunagu.ingest.support.NodeIdTestResource;
import io.tsunagu.ingest.support.RawMqttClient;
import io.tsunagu.ingest.support.RawMqttClient.Packet;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.Test;

/**
 * QoS 2 from a publisher, exactly once per connection (MQTT 5 §4.3.3): PUBREC after Kafka acknowledged the record,
 * the packet identifier held until PUBREL, PUBCOMP.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class Qos2PublishTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration QUIET = Duration.ofSeconds(2);

    @Inject
    MqttListener listener;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void qos2PublishIsStoredThenAnsweredWithPubrecAndPubrelWithPubcomp() throws Exception {
        String topic = MqttClients.uniqueTopic("qos2");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers);
                RawMqttClient raw = connected5("qos2")) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);

            raw.send(RawMqttClient.publish5(topic, 2, 1, bytes("once")));
            Packet pubrec = raw.expect(PUBREC);
            // PUBREC only once the message is in Kafka [MQTT-4.3.3-8] (STYLE §1): the record is there.
            List<ConsumerRecord<String, byte[]>> records = kafka.awaitRecords(from, forTopic(topic), 1, WAIT);
            raw.send(RawMqttClient.pubrel(1));
            Packet pubcomp = raw.expect(PUBCOMP);

            assertThat(pubrec.packetId()).isEqualTo(1);
            assertThat(pubrec.reasonCode()).isZero();
            assertThat(PublishCodec.decode(records.get(0).value()).qos()).isEqualTo(2);
            // [MQTT-4.3.3-11] PUBCOMP with the packet identifier of the PUBREL.
            assertThat(pubcomp.packetId()).isEqualTo(1);
            assertThat(pubcomp.reasonCode()).isZero();
        }
    }

    @Test
    void publishResentWithDupBeforePubrelIsAnsweredWithPubrecAndStoredOnce() throws Exception {
        String topic = MqttClients.uniqueTopic("dup");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers);
                RawMqttClient raw = connected5("dup")) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);

            raw.send(RawMqttClient.publish5(topic, 2, 5, bytes("m")));
            raw.expect(PUBREC);
            raw.send(RawMqttClient.publish5Dup(topic, 2, 5, bytes("m")));
            Packet second = raw.expect(PUBREC);
            raw.send(RawMqttClient.pubrel(5));
            raw.expect(PUBCOMP);

            // [MQTT-4.3.3-10] PUBREC again, and no duplicate to onward recipients: one record.
            assertThat(second.packetId()).isEqualTo(5);
            assertThat(kafka.collectFor(from, forTopic(topic), QUIET)).hasSize(1);
        }
    }

    @Test
    void publishResentWhileTheFirstIsStillBeingStoredIsStoredOnce() throws Exception {
        String topic = MqttClients.uniqueTopic("dupfast");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers);
                RawMqttClient raw = connected5("dupfast")) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);

            raw.send(RawMqttClient.concat(List.of(RawMqttClient.publish5(topic, 2, 6, bytes("m")),
                    RawMqttClient.publish5Dup(topic, 2, 6, bytes("m")))));
            raw.expect(PUBREC);
            raw.send(RawMqttClient.pubrel(6));

            // One PUBREC answers both copies: the next packet is the PUBCOMP.
            assertThat(raw.expect(PUBCOMP).packetId()).isEqualTo(6);
            assertThat(kafka.collectFor(from, forTopic(topic), QUIET)).hasSize(1);
        }
    }

    @Test
    void afterPubcompThePacketIdentifierStartsANewMessage() throws Exception {
        String topic = MqttClients.uniqueTopic("reuse");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers);
                RawMqttClient raw = connected5("reuse")) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);

            for (String payload : List.of("first", "second")) {
                raw.send(RawMqttClient.publish5(topic, 2, 9, bytes(payload)));
                raw.expect(PUBREC);
                raw.send(RawMqttClient.pubrel(9));
                raw.expect(PUBCOMP);
            }

            // [MQTT-4.3.3-12]
            assertThat(kafka.awaitRecords(from, forTopic(topic), 2, WAIT)).extracting(this::payloadOf)
                    .containsExactly("first", "second");
        }
    }

    @Test
    void mqtt5PubrelForAnUnknownPacketIdentifierIsAnsweredWithPubcompNotFound() throws Exception {
        try (RawMqttClient raw = connected5("pubrel")) {
            raw.send(RawMqttClient.pubrel(42));

            Packet pubcomp = raw.expect(PUBCOMP);

            // MQTT 5 §3.7.2.1: 0x92 Packet Identifier not found.
            assertThat(pubcomp.packetId()).isEqualTo(42);
            assertThat(pubcomp.reasonCode()).isEqualTo(0x92);
        }
    }

    @Test
    void mqtt311PubrelForAnUnknownPacketIdentifierIsAnsweredWithPubcomp() throws Exception {
        try (RawMqttClient raw = connected311("pubrel3")) {
            raw.send(RawMqttClient.pubrel(42));

            Packet pubcomp = raw.expect(PUBCOMP);

            assertThat(pubcomp.packetId()).isEqualTo(42);
            assertThat(pubcomp.body()).hasSize(2);
        }
    }

    @Test
    void mqtt5ReceiveMaximumCountsQos2PublishesUntilPubcomp() throws Exception {
        // Test profile: Receive Maximum 10. Ten QoS 2 publishes with PUBREC but no PUBREL still count
        // [MQTT-3.3.4-7]; the eleventh is one too many: DISCONNECT 0x93 (MQTT 5 §4.9).
        String topic = MqttClients.uniqueTopic("recvmax2");
        try (RawMqttClient raw = connected5("recvmax2")) {
            for (int packetId = 1; packetId <= 10; packetId++) {
                raw.send(RawMqttClient.publish5(topic, 2, packetId, bytes("m")));
                raw.expect(PUBREC);
            }

            raw.send(RawMqttClient.publish5(topic, 2, 11, bytes("m")));

            assertThat(raw.readUntilClosed(WAIT)).last().satisfies(packet -> {
                assertThat(packet.type()).isEqualTo(DISCONNECT);
                assertThat(packet.reasonCode()).isEqualTo(0x93);
            });
        }
    }

    @Test
    void mqtt5Qos2PublishWithRefusedContentGetsPubrecWithTheReasonCodeAndTheConnectionStays() throws Exception {
        // Test profile: at most 16 topic levels.
        String tooDeep = MqttClients.uniqueTopic("deep2") + "/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16";
        try (RawMqttClient raw = connected5("deep2")) {
            raw.send(RawMqttClient.publish5(tooDeep, 2, 3, bytes("m")));
            Packet pubrec = raw.expect(PUBREC);
            raw.send(RawMqttClient.pingreq());

            // MQTT 5 §3.5.2.1: 0x90 Topic Name invalid; the flow ends there [MQTT-4.3.3-9].
            assertThat(pubrec.reasonCode()).isEqualTo(0x90);
            assertThat(raw.expect(PINGRESP)).isNotNull();
        }
    }

    @Test
    void hivemqMqtt5ClientCompletesAQos2Publish() {
        String topic = MqttClients.uniqueTopic("hive2");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);
            Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(),
                    MqttClients.uniqueId("hive2"));
            client.connect();

            Mqtt5PublishResult result = client.publishWith().topic(topic).qos(MqttQos.EXACTLY_ONCE)
                    .payload(bytes("hive")).send();
            client.disconnect();

            assertThat(((Mqtt5PublishResult.Mqtt5Qos2Result) result).getPubRec().getReasonCode())
                    .isEqualTo(Mqtt5PubRecReasonCode.SUCCESS);
            assertThat(kafka.collectFor(from, forTopic(topic), QUIET)).extracting(this::payloadOf)
                    .containsExactly("hive");
        }
    }

    @Test
    void hivemqMqtt311ClientCompletesAQos2Publish() {
        String topic = MqttClients.uniqueTopic("hive32");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);
            Mqtt3BlockingClient client = MqttClients.hivemq3Blocking(listener.actualPort(),
                    MqttClients.uniqueId("hive32"));
            client.connect();

            // Returns once PUBCOMP arrived.
            client.publishWith().topic(topic).qos(MqttQos.EXACTLY_ONCE).payload(bytes("hive 3")).send();
            client.disconnect();

            assertThat(kafka.collectFor(from, forTopic(topic), QUIET)).extracting(this::payloadOf)
                    .containsExactly("hive 3");
        }
    }

    @Test
    void pahoMqtt311ClientCompletesQos2Publishes() throws Exception {
        String topic = MqttClients.uniqueTopic("paho2");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);
            org.eclipse.paho.client.mqttv3.MqttClient client = MqttClients.paho3(listener.actualPort(),
                    MqttClients.uniqueId("paho2"));
            client.connect(MqttClients.paho3Options(MqttConnectOptions.MQTT_VERSION_3_1_1));

            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                client.publish(topic, bytes("p" + i), 2, false);
                sent.add("p" + i);
            }
            client.disconnect();
            client.close();

            assertThat(kafka.collectFor(from, forTopic(topic), QUIET)).extracting(this::payloadOf)
                    .containsExactlyElementsOf(sent);
        }
    }

    @Test
    void pahoMqtt5ClientCompletesAQos2Publish() throws Exception {
        String topic = MqttClients.uniqueTopic("paho52");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);
            org.eclipse.paho.mqttv5.client.MqttClient client = MqttClients.paho5(listener.actualPort(),
                    MqttClients.uniqueId("paho52"));
            client.connect(MqttClients.paho5Options());

            client.publish(topic, bytes("paho5"), 2, false);
            client.disconnect();
            client.close();

            assertThat(kafka.collectFor(from, forTopic(topic), QUIET)).extracting(this::payloadOf)
                    .containsExactly("paho5");
        }
    }

    private String payloadOf(ConsumerRecord<String, byte[]> record) {
        PublishEvent event = PublishCodec.decode(record.value());
        return new String(event.payload().toByteArray(), StandardCharsets.UTF_8);
    }

    private static Predicate<ConsumerRecord<String, byte[]>> forTopic(String topic) {
        String key = Streams.publishKey("default", topic);
        return record -> key.equals(record.key());
    }

    private RawMqttClient connected5(String prefix) throws Exception {
        RawMqttClient raw = RawMqttClient.open(listener.actualPort());
        raw.send(RawMqttClient.connect5(MqttClients.uniqueId(prefix), 60));
        assertThat(raw.expect(RawMqttClient.CONNACK).reasonCode()).isZero();
        return raw;
    }

    private RawMqttClient connected311(String prefix) throws Exception {
        RawMqttClient raw = RawMqttClient.open(listener.actualPort());
        raw.send(RawMqttClient.connect311(MqttClients.uniqueId(prefix), 60));
        assertThat(raw.expect(RawMqttClient.CONNACK).reasonCode()).isZero();
        return raw;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
