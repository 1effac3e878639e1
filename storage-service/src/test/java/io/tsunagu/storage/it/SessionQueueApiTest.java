package io.tsunagu.storage.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tsunagu.contracts.codec.DeliveryCodec;
import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.storage.CommittedOffsets;
import io.tsunagu.storage.TestPublisher;
import io.tsunagu.storage.TestPublisher.QueueRecord;
import io.tsunagu.storage.sink.SessionQueueSink;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Records of the session-queue stream become the queues that {@code GET /internal/session-queue} serves in seq order
 * and {@code DELETE /internal/session-queue?upTo=} shortens: a tombstone purges a queue, a copy is queued once even
 * when its record is consumed again, and a queue keeps its newest {@code tsunagu.storage.session-queue.max-messages}
 * copies (10 in tests).
 */
@QuarkusTest
@WithTestResource(value = LocalInfraResource.class,
        initArgs = @ResourceArg(name = LocalInfraResource.DATABASE, value = TestPublisher.DATABASE))
class SessionQueueApiTest {

    private static final Duration APPLIED_WITHIN = Duration.ofSeconds(60);
    private static final String PATH = "/internal/session-queue";
    private static final int TEST_BOUND = 10;

    @Inject
    SessionQueueSink sink;

    private TestPublisher publisher;
    private String tenant;

    @BeforeEach
    void openPublisher() {
        publisher = new TestPublisher();
        tenant = TestPublisher.uniqueTenant();
    }

    @AfterEach
    void closePublisher() {
        publisher.close();
    }

    @Test
    void queuedCopiesComeBackInStreamOrderWithTheirRecordBytes() {
        List<DeliveryEvent> copies = List.of(copy("c-1", "q/1"), copy("c-1", "q/2"), copy("c-1", "q/3"));
        queueAll(copies);

        JsonPath page = read("c-1", Map.of());

        assertThat(records(page)).containsExactlyElementsOf(encoded(copies));
        List<Long> seqs = page.getList("items.seq", Long.class);
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
        assertThat(page.getString("nextAfter")).isNull();
    }

    @Test
    void pagesAreChainedWithNextAfter() {
        List<DeliveryEvent> copies = IntStream.range(0, 5).mapToObj(i -> copy("c-1", "p/" + i)).toList();
        queueAll(copies);

        List<byte[]> read = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        Long after = 0L;
        while (after != null) {
            JsonPath page = read("c-1", Map.of("after", after.toString(), "limit", "2"));
            read.addAll(records(page));
            sizes.add(page.getList("items").size());
            Number next = page.get("nextAfter");
            after = next == null ? null : next.longValue();
        }

        assertThat(sizes).containsExactly(2, 2, 1);
        assertThat(read).containsExactlyElementsOf(encoded(copies));
    }

    @Test
    void deleteUpToRemovesTheCopiesUpToThatSeqAndAnswersHowMany() {
        queueAll(IntStream.range(0, 4).mapToObj(i -> copy("c-1", "d/" + i)).toList());
        List<Long> seqs = read("c-1", Map.of()).getList("items.seq", Long.class);

        long deleted = delete("c-1", seqs.get(1));
        long again = delete("c-1", seqs.get(1));

        assertThat(deleted).isEqualTo(2);
        assertThat(again).isZero();
        assertThat(read("c-1", Map.of()).getList("items.seq", Long.class)).isEqualTo(seqs.subList(2, 4));
    }

    @Test
    void tombstonePurgesTheQueueOfItsSessionOnly() {
        queueAll(List.of(copy("c-1", "a/1"), copy("c-1", "a/2"), copy("c-2", "b/1")));

        RecordMetadata tombstone = publisher.purgeQueue(tenant, "c-1");

        awaitApplied(List.of(tombstone));
        assertThat(read("c-1", Map.of()).getList("items")).isEmpty();
        assertThat(read("c-2", Map.of()).getList("items")).hasSize(1);
    }

    @Test
    void tombstoneFollowedByNewCopiesKeepsOnlyTheNewOnes() {
        DeliveryEvent fresh = copy("c-1", "n/2");
        List<RecordMetadata> sent = publisher.sendQueuedTogether(List.of(QueueRecord.of(copy("c-1", "n/0")),
                QueueRecord.of(copy("c-1", "n/1")), QueueRecord.tombstone(tenant, "c-1"), QueueRecord.of(fresh)));

        awaitApplied(sent);

        assertThat(records(read("c-1", Map.of()))).containsExactly(DeliveryCodec.encode(fresh));
    }

    @Test
    void copyWrittenTwiceIsQueuedOnce() {
        DeliveryEvent copy = copy("c-1", "twice/1");
        queueAll(List.of(copy, copy("c-1", "twice/2"), copy));

        assertThat(read("c-1", Map.of()).getList("items")).hasSize(2);
    }

    @Test
    void requeuedCopyTakesThePlaceOfItsLiveCopy() {
        DeliveryEvent live = copy("c-1", "r/1");
        queueAll(List.of(live, copy("c-1", "r/2")));
        List<Long> seqs = read("c-1", Map.of()).getList("items.seq", Long.class);
        DeliveryEvent requeued = TestPublisher.requeued(live);

        queueAll(List.of(requeued));

        JsonPath page = read("c-1", Map.of());
        assertThat(page.getList("items.seq", Long.class)).isEqualTo(seqs);
        assertThat(records(page).get(0)).isEqualTo(DeliveryCodec.encode(requeued));
    }

    @Test
    void recordsConsumedAgainAfterACrashAreNotQueuedAgain() {
        List<DeliveryEvent> copies = List.of(copy("c-1", "x/1"), copy("c-1", "x/2"));
        List<RecordMetadata> sent = queueAll(copies);
        long deleted = delete("c-1", read("c-1", Map.of()).getList("items.seq", Long.class).get(1));

        // What the group re-reads when it restarts from offsets committed before these records: the same records,
        // at the same partition and offset.
        sink.store(consumedAgain(sent, copies)).await().atMost(APPLIED_WITHIN);

        assertThat(deleted).isEqualTo(2);
        assertThat(read("c-1", Map.of()).getList("items")).isEmpty();
    }

    @Test
    void queueBeyondItsBoundKeepsTheNewestCopiesAndCountsTheDropped() {
        double droppedBefore = metric("tsunagu_storage_session_queue_dropped_total");
        List<DeliveryEvent> copies = IntStream.range(0, TEST_BOUND + 3).mapToObj(i -> copy("c-1", "o/" + i))
                .toList();

        awaitApplied(publisher.sendQueuedTogether(copies.stream().map(QueueRecord::of).toList()));

        assertThat(records(read("c-1", Map.of()))).containsExactlyElementsOf(encoded(copies.subList(3,
                TEST_BOUND + 3)));
        assertThat(metric("tsunagu_storage_session_queue_dropped_total")).isGreaterThanOrEqualTo(droppedBefore + 3);
    }

    @Test
    void copyUnderTheKeyOfAnotherSessionIsSkippedAsPoisonAndLaterCopiesAreQueued() {
        double poisonBefore = metric(poisonSeries());
        RecordMetadata misfiled = publisher.sendQueued(Streams.sessionKey(tenant, "c-1"),
                DeliveryCodec.encode(copy("c-2", "m/1")));
        DeliveryEvent valid = copy("c-1", "m/2");

        awaitApplied(List.of(misfiled, publisher.queue(valid)));

        assertThat(records(read("c-1", Map.of()))).containsExactly(DeliveryCodec.encode(valid));
        assertThat(read("c-2", Map.of()).getList("items")).isEmpty();
        assertThat(metric(poisonSeries())).isGreaterThan(poisonBefore);
    }

    @Test
    void sessionWithoutQueueHasAnEmptyLastPageWithANullNextAfter() {
        String body = given().queryParam("tenant", tenant)
                .queryParam("clientId", "never-queued")
                .get(PATH)
                .then()
                .statusCode(200)
                .extract()
                .asString();

        assertThat(body.replace(" ", "")).isEqualTo("{\"items\":[],\"nextAfter\":null}");
    }

    @Test
    void statsCountTheQueuedCopiesOfATenant() {
        queueAll(List.of(copy("c-1", "s/1"), copy("c-2", "s/2")));

        JsonPath stats = JsonPath.from(given().queryParam("tenant", tenant).get("/api/stats")
                .then().statusCode(200).extract().asString());

        assertThat(stats.getLong("queuedMessages")).isEqualTo(2);
    }

    private DeliveryEvent copy(String clientId, String topic) {
        return TestPublisher.queuedCopy(tenant, clientId, topic);
    }

    /** Writes each copy to the stream and waits until the sink committed past all of them. */
    private List<RecordMetadata> queueAll(List<DeliveryEvent> copies) {
        List<RecordMetadata> sent = copies.stream().map(publisher::queue).toList();
        awaitApplied(sent);
        return sent;
    }

    private static void awaitApplied(List<RecordMetadata> records) {
        for (RecordMetadata record : records) {
            await().atMost(APPLIED_WITHIN).until(() -> CommittedOffsets.isPast(SessionQueueSink.CHANNEL, record));
        }
    }

    /** The batch a restarted consumer would get for the records {@code sent}, which carried {@code copies}. */
    private ConsumerRecords<String, byte[]> consumedAgain(List<RecordMetadata> sent, List<DeliveryEvent> copies) {
        TopicPartition partition = new TopicPartition(Streams.SESSION_QUEUE, sent.get(0).partition());
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            QueueRecord record = QueueRecord.of(copies.get(i));
            records.add(new ConsumerRecord<>(Streams.SESSION_QUEUE, sent.get(i).partition(), sent.get(i).offset(),
                    record.key(), record.value()));
        }
        return new ConsumerRecords<>(Map.of(partition, records), Map.of());
    }

    private JsonPath read(String clientId, Map<String, String> params) {
        return JsonPath.from(given().queryParam("tenant", tenant)
                .queryParam("clientId", clientId)
                .queryParams(params)
                .get(PATH)
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    private long delete(String clientId, long upTo) {
        return given().queryParam("tenant", tenant)
                .queryParam("clientId", clientId)
                .queryParam("upTo", upTo)
                .delete(PATH)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("deleted");
    }

    private static List<byte[]> records(JsonPath page) {
        return page.getList("items.record", String.class).stream().map(Base64.getDecoder()::decode).toList();
    }

    private static List<byte[]> encoded(List<DeliveryEvent> copies) {
        return copies.stream().map(DeliveryCodec::encode).toList();
    }

    private static String poisonSeries() {
        return "tsunagu_messages_poison_total{service=\"storage\",stream=\"" + Streams.SESSION_QUEUE + "\"}";
    }

    /** The value of a storage counter (a bare name gets the service tag) in /q/metrics, 0 when absent. */
    private static double metric(String series) {
        String name = series.contains("{") ? series : series + "{service=\"storage\"}";
        String prefix = name + " ";
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length()).trim()))
                .findFirst()
                .orElse(0);
    }
}
