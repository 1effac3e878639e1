package io.tsunagu.ingest.transport;

import static io.tsunagu.ingest.support.RawMqttClient.DISCONNECT;
import static io.tsunagu.ingest.support.RawMqttClient.PUBACK;
import static io.tsunagu.ingest.support.RawMqttClient.PUBLISH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.config.NodeIdentity;
import io.tsunagu.ingest.support.KafkaTestClient;
import io.tsunagu.ingest.support.MqttClients;
import io.tsunagu.ingest.support.NodeIdTestResource;
import io.tsunagu.ingest.support.RawMqttClient;
import io.tsunagu.ingest.support.RawMqttClient.Packet;
import io.tsunagu.ingest.support.TestDeliveries;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** MQTT 5 Topic Aliases in both directions (§3.3.2.3.4). Our Topic Alias Maximum is 16 (the default). */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class TopicAliasTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final byte[] PAYLOAD = "x".getBytes(StandardCharsets.UTF_8);

    @Inject
    MqttListener listener;

    @Inject
    NodeIdentity identity;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void aliasSetWithATopicResolvesLaterPublishesWithAnEmptyTopic() throws Exception {
        String topic = MqttClients.uniqueTopic("alias");
        String key = Streams.publishKey("default", topic);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers);
                RawMqttClient raw = connected5("alias", new byte[0])) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);

            raw.send(RawMqttClient.publish5Qos1WithProperties(topic, 1, alias(16), PAYLOAD));
            raw.expect(PUBACK);
            raw.send(RawMqttClient.publish5Qos1WithProperties("", 2, alias(16), PAYLOAD));
            raw.expect(PUBACK);

            // [MQTT-3.3.2-12]: every alias up to our maximum is accepted; the second PUBLISH has the first's topic.
            assertThat(kafka.awaitRecords(from, record -> key.equals(record.key()), 2, WAIT))
                    .extracting(record -> PublishCodec.decode(record.value()).topic())
                    .containsExactly(topic, topic);
        }
    }

    @Test
    void aliasZeroIsAnsweredWithTopicAliasInvalid() throws Exception {
        try (RawMqttClient raw = connected5("alias0", new byte[0])) {
            raw.send(RawMqttClient.publish5Qos1WithProperties("a/b", 1, alias(0), PAYLOAD));

            // [MQTT-3.3.2-8]: DISCONNECT 0x94.
            assertDisconnectedWith(raw, 0x94);
        }
    }

    @Test
    void aliasAboveOurMaximumIsAnsweredWithTopicAliasInvalid() throws Exception {
        try (RawMqttClient raw = connected5("alias17", new byte[0])) {
            raw.send(RawMqttClient.publish5Qos1WithProperties("a/b", 1, alias(17), PAYLOAD));

            // [MQTT-3.3.2-9]: DISCONNECT 0x94.
            assertDisconnectedWith(raw, 0x94);
        }
    }

    @Test
    void emptyTopicWithAnAliasThatWasNeverSetIsAProtocolError() throws Exception {
        try (RawMqttClient raw = connected5("aliasnew", new byte[0])) {
            raw.send(RawMqttClient.publish5Qos1WithProperties("", 1, alias(3), PAYLOAD));

            // MQTT 5 §3.3.2.3.4: no mapping for the alias and a zero-length topic: DISCONNECT 0x82.
            assertDisconnectedWith(raw, 0x82);
        }
    }

    @Test
    void hivemqClientPublishingRepeatedlyToOneTopicIsStoredUnderThatTopic() {
        // The HiveMQ client maps frequent topics to aliases on its own once our CONNACK allows them.
        String topic = MqttClients.uniqueTopic("hivealias");
        String key = Streams.publishKey("default", topic);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);
            Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(),
                    MqttClients.uniqueId("hivealias"));
            client.connect();
            for (int i = 0; i < 5; i++) {
                client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(PAYLOAD).send();
            }
            client.disconnect();

            assertThat(kafka.awaitRecords(from, record -> key.equals(record.key()), 5, WAIT))
                    .extracting(record -> PublishCodec.decode(record.value()).topic()).containsOnly(topic);
        }
    }

    @Test
    void secondDeliveryOnATopicCarriesOnlyTheAlias() throws Exception {
        String clientId = MqttClients.uniqueId("aliasout");
        String topic = MqttClients.uniqueTopic("aliasout");
        // CONNECT property Topic Alias Maximum (0x22) = 4.
        try (RawMqttClient raw = connected(clientId, new byte[] {0x22, 0, 4})) {
            deliveries().send(List.of(qos0(topic, clientId), qos0(topic, clientId)));

            Packet first = raw.expect(PUBLISH);
            Packet second = raw.expect(PUBLISH);

            // The first send sets the alias with the topic; later ones send an empty topic and the alias.
            assertThat(first.topicName()).isEqualTo(topic);
            assertThat(first.publishProperties()).containsSequence(0x23, 0, 1);
            assertThat(second.topicName()).isEmpty();
            assertThat(second.publishProperties()).containsSequence(0x23, 0, 1);
        }
    }

    @Test
    void clientWithoutTopicAliasMaximumGetsNoAliases() throws Exception {
        String clientId = MqttClients.uniqueId("noalias");
        String topic = MqttClients.uniqueTopic("noalias");
        try (RawMqttClient raw = connected(clientId, new byte[0])) {
            deliveries().send(List.of(qos0(topic, clientId), qos0(topic, clientId)));

            Packet first = raw.expect(PUBLISH);
            Packet second = raw.expect(PUBLISH);

            // [MQTT-3.1.2-27]
            assertThat(first.topicName()).isEqualTo(topic);
            assertThat(second.topicName()).isEqualTo(topic);
            assertThat(second.publishProperties()).doesNotContain(0x23);
        }
    }

    @Test
    void hivemqClientResolvesOutboundAliasesEvenWhenTheyAreReassigned() throws Exception {
        String clientId = MqttClients.uniqueId("hiveout");
        String root = MqttClients.uniqueTopic("hiveout");
        Queue<Mqtt5Publish> received = new ConcurrentLinkedQueue<>();
        Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), clientId);
        client.toAsync().publishes(MqttGlobalPublishFilter.ALL, received::add);
        client.connectWith().restrictions().topicAliasMaximum(2).applyRestrictions().send();
        // Two aliases for three topics: the least recently used topic gives its alias up and gets one back later.
        List<String> topics = List.of(root + "/a", root + "/a", root + "/b", root + "/c", root + "/a", root + "/b",
                root + "/b", root + "/c");
        List<DeliveryEvent> deliveries = new ArrayList<>();
        for (String topic : topics) {
            deliveries.add(qos0(topic, clientId));
        }

        deliveries().send(deliveries);

        await().atMost(WAIT).until(() -> received.size() == topics.size());
        assertThat(received).extracting(publish -> publish.getTopic().toString()).containsExactlyElementsOf(topics);
        client.disconnect();
    }

    private void assertDisconnectedWith(RawMqttClient raw, int reasonCode) throws Exception {
        assertThat(raw.readUntilClosed(WAIT)).singleElement().satisfies(packet -> {
            assertThat(packet.type()).isEqualTo(DISCONNECT);
            assertThat(packet.reasonCode()).isEqualTo(reasonCode);
        });
    }

    private DeliveryEvent qos0(String topic, String clientId) {
        return new DeliveryEvent(identity.nodeId(), List.of(new Recipient(clientId, 0, false)),
                TestDeliveries.publishEvent(topic, "m"));
    }

    private TestDeliveries deliveries() {
        return new TestDeliveries(bootstrapServers, identity.nodeId(), identity.deliveryStream());
    }

    /** The Topic Alias property (0x23) with {@code alias}. */
    private static byte[] alias(int alias) {
        return new byte[] {0x23, (byte) (alias >> 8), (byte) alias};
    }

    private RawMqttClient connected5(String prefix, byte[] properties) throws Exception {
        return connected(MqttClients.uniqueId(prefix), properties);
    }

    private RawMqttClient connected(String clientId, byte[] properties) throws Exception {
        RawMqttClient raw = RawMqttClient.open(listener.actualPort());
        raw.send(RawMqttClient.connect5WithProperties(clientId, 60, properties));
        assertThat(raw.expect(RawMqttClient.CONNACK).reasonCode()).isZero();
        return raw;
    }
}
