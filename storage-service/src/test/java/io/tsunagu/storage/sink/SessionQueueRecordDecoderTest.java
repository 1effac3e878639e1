package io.tsunagu.storage.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.codec.DeliveryCodec;
import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.DeliveryKind;
import io.tsunagu.contracts.event.DeliverySource;
import io.tsunagu.contracts.event.MessageProperties;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.storage.repo.QueuePosition;
import io.tsunagu.storage.repo.SessionId;
import io.tsunagu.storage.repo.SessionQueueChange;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SessionQueueRecordDecoderTest {

    private static final String KEY = Streams.sessionKey("default", "sensor-1");
    private static final QueuePosition POSITION = new QueuePosition(3, 42);

    @Test
    void recordQueuesItsDeliveryForTheKeysSessionAndKeepsItsBytesWithoutACopy() {
        byte[] record = DeliveryCodec.encode(copy("default", DeliveryKind.LIVE, new Recipient("sensor-1", 2, false,
                List.of(7))));

        Decoded<SessionQueueChange> decoded = SessionQueueRecordDecoder.decode(KEY, record, POSITION);

        assertThat(decoded.isRejected()).isFalse();
        assertThat(decoded.value().isPurge()).isFalse();
        assertThat(decoded.value().session()).isEqualTo(new SessionId("default", "sensor-1"));
        assertThat(decoded.value().record()).isSameAs(record);
        assertThat(decoded.value().position()).isEqualTo(POSITION);
        assertThat(decoded.value().recipient().qos()).isEqualTo(2);
        assertThat(decoded.value().recipient().subscriptionIds()).containsExactly(7);
        assertThat(decoded.value().delivery().source()).isEqualTo(new DeliverySource(0, 99));
    }

    @Test
    void requeuedCopyIsQueued() {
        byte[] record = DeliveryCodec.encode(copy("default", DeliveryKind.REQUEUED, new Recipient("sensor-1", 1,
                false)));

        assertThat(SessionQueueRecordDecoder.decode(KEY, record, POSITION).value().delivery().kind())
                .isEqualTo(DeliveryKind.REQUEUED);
    }

    @Test
    void tombstonePurgesTheQueueOfItsKey() {
        Decoded<SessionQueueChange> decoded = SessionQueueRecordDecoder.decode(KEY, null, POSITION);

        assertThat(decoded.value()).isEqualTo(SessionQueueChange.purge(new SessionId("default", "sensor-1"),
                POSITION));
    }

    @Test
    void retainedDeliveryIsRejectedBecauseItIsNeverQueued() {
        byte[] record = DeliveryCodec.encode(copy("default", DeliveryKind.RETAINED, new Recipient("sensor-1", 1,
                false)));

        assertThat(SessionQueueRecordDecoder.decode(KEY, record, POSITION).rejection()).contains("never queued");
    }

    @Test
    void deliveryWithTwoRecipientsIsRejected() {
        byte[] record = DeliveryCodec.encode(new DeliveryEvent("routing", List.of(new Recipient("sensor-1", 1, false),
                new Recipient("sensor-2", 1, false)), publish("default"), DeliveryKind.LIVE,
                DeliverySource.none()));

        assertThat(SessionQueueRecordDecoder.decode(KEY, record, POSITION).rejection()).contains("2 recipients");
    }

    @Test
    void deliveryForAnotherClientThanItsKeyIsRejected() {
        byte[] record = DeliveryCodec.encode(copy("default", DeliveryKind.LIVE, new Recipient("sensor-2", 1, false)));

        assertThat(SessionQueueRecordDecoder.decode(KEY, record, POSITION).rejection()).contains("another session");
    }

    @Test
    void deliveryOfAnotherTenantThanItsKeyIsRejected() {
        byte[] record = DeliveryCodec.encode(copy("other", DeliveryKind.LIVE, new Recipient("sensor-1", 1, false)));

        assertThat(SessionQueueRecordDecoder.decode(KEY, record, POSITION).rejection()).contains("another session");
    }

    @Test
    void recordWithoutKeyIsRejected() {
        assertThat(SessionQueueRecordDecoder.decode(null, null, POSITION).rejection()).contains("no key");
    }

    @Test
    void keyWithoutTenantAndClientIdIsRejected() {
        assertThat(SessionQueueRecordDecoder.decode("sensor-1", null, POSITION).rejection())
                .contains("tenant U+0000 client id");
        assertThat(SessionQueueRecordDecoder.decode("\u0000sensor-1", null, POSITION).rejection())
                .contains("tenant U+0000 client id");
        assertThat(SessionQueueRecordDecoder.decode("default\u0000", null, POSITION).rejection())
                .contains("tenant U+0000 client id");
    }

    @Test
    void clientIdWithNulIsRejected() {
        assertThat(SessionQueueRecordDecoder.decode("default\u0000a\u0000b", null, POSITION).rejection())
                .contains("U+0000");
    }

    @Test
    void undecodableValueIsRejected() {
        byte[] garbage = "not a record".getBytes(StandardCharsets.UTF_8);

        assertThat(SessionQueueRecordDecoder.decode(KEY, garbage, POSITION).rejection())
                .startsWith("undecodable delivery record");
    }

    private static DeliveryEvent copy(String tenant, DeliveryKind kind, Recipient recipient) {
        return new DeliveryEvent("routing", List.of(recipient), publish(tenant), kind, new DeliverySource(0, 99));
    }

    private static PublishEvent publish(String tenant) {
        return new PublishEvent(UUID.randomUUID(), tenant, "publisher", "node-a", "a/b", 2, false,
                Instant.parse("2026-05-01T12:00:00Z"), MessageProperties.none(), Payload.utf8("21.5"));
    }
}
