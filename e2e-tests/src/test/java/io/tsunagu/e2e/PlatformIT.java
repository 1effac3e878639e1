package io.tsunagu.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The data path of the whole platform, started from the built artifacts with two ingest nodes: device → ingest A →
 * Kafka → routing → Kafka → ingest B → subscriber, and → storage → PostgreSQL, including SIGKILLed services.
 */
class PlatformIT {

    private static final Duration LONG = Duration.ofSeconds(120);

    private static Platform platform;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = Platform.shared();
    }

    @Test
    void subscriberOnNodeBReceivesEveryMessagePublishedOnNodeAInOrderPerTopic() throws Exception {
        String base = "e2e/" + run + "/order";
        Mqtt5AsyncClient subscriber = Mqtt.connect(platform.nodeB(), "sub");
        List<Mqtt.Received> received = Mqtt.subscribe(subscriber, base + "/+/temperature");
        Mqtt5AsyncClient publisher = Mqtt.connect(platform.nodeA(), "pub");
        Mqtt.awaitRouted(publisher, base + "/probe/temperature", received);

        List<String> topics = List.of(base + "/d1/temperature", base + "/d2/temperature", base + "/d3/temperature");
        Map<String, Set<Integer>> acknowledged = publishToEach(publisher, topics, 300);

        await().atMost(LONG).until(() -> countOn(received, topics) == 900);
        for (String topic : topics) {
            assertThat(Mqtt.numbersOn(received, topic))
                    .containsExactlyElementsOf(new TreeSet<>(acknowledged.get(topic)));
        }
        Mqtt.disconnect(subscriber, publisher);
    }

    @Test
    void storageReturnsEveryPublishedMessage() throws Exception {
        String topic = "e2e/" + run + "/stored";
        Mqtt5AsyncClient publisher = Mqtt.connect(platform.nodeA(), "pub");
        NumberedPublisher messages = new NumberedPublisher(publisher, topic, 50).start(250);
        messages.awaitDone(LONG);

        await().atMost(LONG).until(() -> storedPayloads(topic).size() == 250);
        assertThat(storedPayloads(topic)).containsExactlyInAnyOrderElementsOf(numbers(messages.acknowledged()));
        Mqtt.disconnect(publisher);
    }

    @Test
    void killingStorageWhilePublishingStoresEveryAcknowledgedMessageExactlyOnce() throws Exception {
        String topic = "e2e/" + run + "/storage-crash";
        Mqtt5AsyncClient publisher = Mqtt.connect(platform.nodeA(), "pub");
        NumberedPublisher messages = new NumberedPublisher(publisher, topic, 100).start(5_000);

        await().atMost(LONG).until(() -> messages.acknowledgedCount() >= 1_000);
        platform.storage().kill();
        messages.awaitDone(LONG);
        platform.storage().start();
        platform.storage().awaitReady();

        assertThat(messages.acknowledged()).as(messages.firstFailure()).hasSize(5_000);
        await().atMost(LONG).until(() -> storedPayloads(topic).size() >= 5_000);
        List<String> stored = storedPayloads(topic);
        assertThat(stored).doesNotHaveDuplicates();
        assertThat(stored).containsExactlyInAnyOrderElementsOf(numbers(messages.acknowledged()));
        Mqtt.disconnect(publisher);
    }

    @Test
    void killingRoutingWhileDeliveringLosesNoAcknowledgedMessage() throws Exception {
        String topic = "e2e/" + run + "/routing-crash";
        Mqtt5AsyncClient subscriber = Mqtt.connect(platform.nodeB(), "sub");
        List<Mqtt.Received> received = Mqtt.subscribe(subscriber, "e2e/" + run + "/#");
        Mqtt5AsyncClient publisher = Mqtt.connect(platform.nodeA(), "pub");
        Mqtt.awaitRouted(publisher, "e2e/" + run + "/probe", received);
        NumberedPublisher messages = new NumberedPublisher(publisher, topic, 20).start(Integer.MAX_VALUE);

        await().atMost(LONG).until(() -> countOn(received, List.of(topic)) >= 200);
        platform.routing().kill();
        int acknowledgedWhileDown = messages.acknowledgedCount() + 300;
        await().atMost(LONG).until(() -> messages.acknowledgedCount() >= acknowledgedWhileDown);
        platform.routing().start();
        platform.routing().awaitReady();
        int acknowledgedAfterRestart = messages.acknowledgedCount() + 300;
        await().atMost(LONG).until(() -> messages.acknowledgedCount() >= acknowledgedAfterRestart);
        messages.stop();
        messages.awaitDone(LONG);

        assertThat(subscriber.getState().isConnected()).isTrue();
        await().atMost(LONG).untilAsserted(() -> assertThat(Mqtt.numbersOn(received, topic))
                .containsAll(messages.acknowledged()));
        Mqtt.disconnect(subscriber, publisher);
    }

    @Test
    void malformedConnectClosesOnlyItsOwnConnection() throws Exception {
        String topic = "e2e/" + run + "/bystander";
        Mqtt5AsyncClient bystander = Mqtt.connect(platform.nodeA(), "bystander");
        try (Socket socket = new Socket("127.0.0.1", platform.nodeA().mqttPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            // CONNECT (0x10) whose remaining length runs past the four bytes the spec allows [MQTT-1.5.5]
            out.write(new byte[] {0x10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F, 0x00, 0x04});
            out.flush();
            assertThat(readUntilClosed(socket.getInputStream())).isTrue();
        }
        NumberedPublisher messages = new NumberedPublisher(bystander, topic, 10).start(100);
        messages.awaitDone(LONG);

        assertThat(messages.acknowledged()).as(messages.firstFailure()).hasSize(100);
        assertThat(bystander.getState().isConnected()).isTrue();
        Mqtt.disconnect(bystander);
    }

    @Test
    void statusPageReportsEveryServiceUp() {
        JsonPath status = RestAssured.get(platform.frontend().baseUrl() + "/api/status").then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(status.getList("services.status", String.class)).isNotEmpty().containsOnly("UP");
    }


    private static Map<String, Set<Integer>> publishToEach(Mqtt5AsyncClient publisher, List<String> topics,
            int count) throws Exception {
        Map<String, NumberedPublisher> runs = new HashMap<>();
        for (String topic : topics) {
            runs.put(topic, new NumberedPublisher(publisher, topic, 25).start(count));
        }
        Map<String, Set<Integer>> acknowledged = new HashMap<>();
        for (Map.Entry<String, NumberedPublisher> entry : runs.entrySet()) {
            entry.getValue().awaitDone(LONG);
            acknowledged.put(entry.getKey(), entry.getValue().acknowledged());
            assertThat(entry.getValue().acknowledged()).as(entry.getValue().firstFailure()).hasSize(count);
        }
        return acknowledged;
    }

    private static long countOn(List<Mqtt.Received> received, List<String> topics) {
        return received.stream().filter(message -> topics.contains(message.topic())).count();
    }


    /** Every payload storage holds for {@code topic}, following the cursor across pages. */
    private static List<String> storedPayloads(String topic) {
        List<String> payloads = new ArrayList<>();
        String cursor = null;
        do {
            var request = RestAssured.given().queryParam("topic", topic).queryParam("limit", 1000);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get(platform.storage().baseUrl() + "/api/messages").then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            payloads.addAll(page.getList("items.payloadUtf8", String.class));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return payloads;
    }

    private static List<String> numbers(Set<Integer> numbers) {
        return numbers.stream().map(String::valueOf).collect(Collectors.toCollection(ArrayList::new));
    }

    /** Reads until the peer closes; false if it stays open past the socket timeout. */
    private static boolean readUntilClosed(InputStream in) throws Exception {
        try {
            int next;
            do {
                next = in.read();
            } while (next != -1);
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

}
