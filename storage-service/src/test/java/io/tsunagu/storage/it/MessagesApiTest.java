package io.tsunagu.storage.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tsunagu.contracts.amqp.AmqpMessage;
import io.tsunagu.contracts.amqp.AmqpPublishEvent;
import io.tsunagu.contracts.amqp.ChannelRef;
import io.tsunagu.contracts.codec.AmqpPublishCodec;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.storage.TestPublisher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Records produced to the publish stream come back from {@code GET /api/messages}. */
@QuarkusTest
@WithTestResource(value = LocalInfraResource.class,
        initArgs = @ResourceArg(name = LocalInfraResource.DATABASE, value = TestPublisher.DATABASE))
class MessagesApiTest {

    private static final Duration STORED_WITHIN = Duration.ofSeconds(60);

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
    void messagesOfATopicComeBackWithEveryField() {
        PublishEvent event = TestPublisher.event(tenant, "plant/line-1/temperature", "21.5");
        publisher.publish(event);

        JsonPath page = awaitItems(Map.of("topic", "plant/line-1/temperature"), 1);

        assertThat(page.getString("items[0].messageId")).isEqualTo(event.messageId().toString());
        assertThat(page.getString("items[0].tenant")).isEqualTo(tenant);
        assertThat(page.getString("items[0].clientId")).isEqualTo(event.clientId());
        assertThat(page.getString("items[0].topic")).isEqualTo("plant/line-1/temperature");
        assertThat(page.getInt("items[0].qos")).isEqualTo(1);
        assertThat(page.getBoolean("items[0].retain")).isFalse();
        assertThat(Instant.parse(page.getString("items[0].receivedAt"))).isEqualTo(event.receivedAt());
        assertThat(page.getString("items[0].payloadUtf8")).isEqualTo("21.5");
        assertThat(page.getString("nextCursor")).isNull();
    }

    @Test
    void exactTopicDoesNotSelectOtherTopics() {
        publishAll("a/b", "a/b/c", "a/bc", "A/b");

        List<String> topics = awaitItems(Map.of("topic", "a/b"), 1).getList("items.topic");

        assertThat(topics).containsExactly("a/b");
    }

    @Test
    void singleLevelWildcardSelectsOneLevel() {
        publishAll("site/1/temp", "site/2/temp", "site/1/hum", "site/1/x/temp", "site/temp");
        awaitItems(Map.of("filter", "#"), 5);

        List<String> topics = query(Map.of("filter", "site/+/temp")).getList("items.topic");

        assertThat(topics).containsExactlyInAnyOrder("site/1/temp", "site/2/temp");
    }

    @Test
    void multiLevelWildcardSelectsTheParentAndEverythingBelow() {
        publishAll("site/1", "site/1/temp", "site/1/x/y", "site/10/temp", "site/2/temp");
        awaitItems(Map.of("filter", "#"), 5);

        List<String> topics = query(Map.of("filter", "site/1/#")).getList("items.topic");

        assertThat(topics).containsExactlyInAnyOrder("site/1", "site/1/temp", "site/1/x/y");
    }

    @Test
    void filterStartingWithWildcardSkipsDollarTopics() {
        publishAll("$SYS/uptime", "sys/uptime", "$internal/x/uptime");
        awaitItems(Map.of("filter", "$SYS/#"), 1);
        awaitItems(Map.of("filter", "$internal/#"), 1);
        awaitItems(Map.of("filter", "sys/#"), 1);

        assertThat(query(Map.of("filter", "#")).getList("items.topic", String.class))
                .containsExactly("sys/uptime");
        assertThat(query(Map.of("filter", "+/uptime")).getList("items.topic", String.class))
                .containsExactly("sys/uptime");
        assertThat(query(Map.of("filter", "$SYS/+")).getList("items.topic", String.class))
                .containsExactly("$SYS/uptime");
    }

    @Test
    void regexAndLikeCharactersInTopicsAreTakenLiterally() {
        publishAll("m.x/(1)/v%", "mXx/(1)/v%", "m.x/(1)/v_", "m.x/[a]/v%");
        awaitItems(Map.of("filter", "#"), 4);

        assertThat(query(Map.of("filter", "m.x/+/v%")).getList("items.topic", String.class))
                .containsExactlyInAnyOrder("m.x/(1)/v%", "m.x/[a]/v%");
        assertThat(query(Map.of("topic", "m.x/(1)/v%")).getList("items.topic", String.class))
                .containsExactly("m.x/(1)/v%");
    }

    @Test
    void timeRangeIncludesFromAndExcludesTo() {
        Instant start = Instant.parse("2026-03-01T00:00:00Z");
        for (int hour = 0; hour < 4; hour++) {
            publisher.publish(TestPublisher.event(tenant, "range/t", Payload.utf8("h" + hour),
                    start.plus(Duration.ofHours(hour))));
        }
        awaitItems(Map.of("topic", "range/t"), 4);

        JsonPath page = query(Map.of("topic", "range/t", "from", "2026-03-01T01:00:00Z",
                "to", "2026-03-01T03:00:00Z"));

        assertThat(page.getList("items.payloadUtf8", String.class)).containsExactly("h1", "h2");
    }

    @Test
    void timeRangeAcceptsOffsetsAndAppliesToFilters() {
        Instant start = Instant.parse("2026-03-01T00:00:00Z");
        publisher.publish(TestPublisher.event(tenant, "r/a", Payload.utf8("early"), start));
        publisher.publish(TestPublisher.event(tenant, "r/b", Payload.utf8("late"), start.plus(Duration.ofDays(1))));
        awaitItems(Map.of("filter", "r/#"), 2);

        JsonPath page = query(Map.of("filter", "r/+", "from", "2026-03-01T12:00:00+09:00"));

        assertThat(page.getList("items.payloadUtf8", String.class)).containsExactly("late");
    }

    @Test
    void pagesFollowEachOtherWithoutGapsOrDuplicates() {
        List<String> published = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            PublishEvent event = TestPublisher.event(tenant, "paged/topic", "m" + i);
            publisher.publish(event);
            published.add(event.messageId().toString());
        }
        awaitItems(Map.of("topic", "paged/topic", "limit", "1000"), 25);

        List<String> read = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = query(cursor == null ? Map.of("topic", "paged/topic", "limit", "10")
                    : Map.of("topic", "paged/topic", "limit", "10", "cursor", cursor));
            List<String> ids = page.getList("items.messageId");
            read.addAll(ids);
            sizes.add(ids.size());
            cursor = page.getString("nextCursor");
        } while (cursor != null);

        assertThat(sizes).containsExactly(10, 10, 5);
        assertThat(read).containsExactlyElementsOf(published);
    }

    @Test
    void lastFullPageHasNoNextCursor() {
        publishAll("exact/a", "exact/b");
        awaitItems(Map.of("filter", "exact/#"), 2);

        assertThat(query(Map.of("filter", "exact/#", "limit", "2")).getString("nextCursor")).isNull();
        assertThat(query(Map.of("filter", "exact/#", "limit", "1")).getString("nextCursor")).isNotNull();
    }

    @Test
    void recordProducedTwiceIsStoredAndCountedOnce() {
        PublishEvent event = TestPublisher.event(tenant, "dup/topic", "once");
        byte[] record = PublishCodec.encode(event);
        String key = Streams.publishKey(tenant, "dup/topic");
        publisher.send(key, record);
        publisher.send(key, record);
        // Same key, same partition: once the marker is stored, both copies have been processed.
        publisher.publish(TestPublisher.event(tenant, "dup/topic", "marker"));

        awaitItems(Map.of("topic", "dup/topic"), 2);

        assertThat(query(Map.of("topic", "dup/topic")).getList("items.messageId", String.class))
                .containsOnlyOnce(event.messageId().toString());
        JsonPath topics = JsonPath.from(given().queryParam("tenant", tenant).get("/api/topics").asString());
        assertThat(topics.getLong("items[0].messageCount")).isEqualTo(2);
    }

    @Test
    void amqpPublishesOnThePublishStreamAreNotTelemetry() {
        ChannelRef channel = new ChannelRef("node-a", "c1", 1);
        AmqpMessage message = new AmqpMessage("amq.topic", "amqp.topic", AmqpMessage.NO_PROPERTIES,
                Payload.utf8("not telemetry"));
        byte[] record = AmqpPublishCodec.encode(new AmqpPublishEvent(UUID.randomUUID(), Instant.now(), tenant, channel,
                0, false, message));
        String key = Streams.publishKey(tenant, "amqp/topic");
        publisher.send(key, record);
        // Same key, same partition: once the marker is stored, the AMQP record has been passed over.
        publisher.send(key, PublishCodec.encode(TestPublisher.event(tenant, "amqp/topic", "marker")));

        JsonPath page = awaitItems(Map.of("topic", "amqp/topic"), 1);

        assertThat(page.getList("items.payloadUtf8", String.class)).containsExactly("marker");
    }

    @Test
    void binaryPayloadRoundTripsExactlyAndHasNoText() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (255 - i);
        }
        publisher.publish(TestPublisher.event(tenant, "bin/all-bytes", Payload.wrap(bytes), Instant.now()));

        JsonPath page = awaitItems(Map.of("topic", "bin/all-bytes"), 1);

        assertThat(Base64.getDecoder().decode(page.getString("items[0].payload"))).isEqualTo(bytes);
        assertThat(page.getString("items[0].payloadUtf8")).isNull();
    }

    @Test
    void emptyPayloadIsStoredAsEmpty() {
        publisher.publish(TestPublisher.event(tenant, "empty/payload", Payload.empty(), Instant.now()));

        JsonPath page = awaitItems(Map.of("topic", "empty/payload"), 1);

        assertThat(page.getString("items[0].payload")).isEmpty();
        assertThat(page.getString("items[0].payloadUtf8")).isEmpty();
    }

    @Test
    void messagesOfAnotherTenantAreNotReturned() {
        String otherTenant = TestPublisher.uniqueTenant();
        publisher.publish(TestPublisher.event(otherTenant, "shared/name", "theirs"));
        publisher.publish(TestPublisher.event(tenant, "shared/name", "ours"));

        JsonPath page = awaitItems(Map.of("topic", "shared/name"), 1);

        assertThat(page.getList("items.payloadUtf8", String.class)).containsExactly("ours");
    }

    private void publishAll(String... topics) {
        for (String topic : topics) {
            publisher.publish(TestPublisher.event(tenant, topic, topic));
        }
    }

    /** Waits until the query returns {@code count} items, and returns that page. */
    private JsonPath awaitItems(Map<String, String> params, int count) {
        return await().atMost(STORED_WITHIN)
                .until(() -> query(params), page -> page.getList("items").size() == count);
    }

    private JsonPath query(Map<String, String> params) {
        String body = given()
                .queryParam("tenant", tenant)
                .queryParams(params)
                .get("/api/messages")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return JsonPath.from(body);
    }
}
