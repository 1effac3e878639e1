package io.tsunagu.ingest.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.codec.DeliveryCodec;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.DeliveryKind;
import io.tsunagu.contracts.event.DeliverySource;
import io.tsunagu.contracts.event.MessageProperties;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.event.UserProperty;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PublishRecordsTest {

    private static final Recipient SHARED = new Recipient("c", 1, false, List.of(7), List.of("$share/g/a/#"));

    @Test
    void embeddedPublishRecordIsTheOriginalByteForByte() {
        PublishEvent publish = publish(Payload.utf8("payload"));
        byte[] publishRecord = PublishCodec.encode(publish);
        byte[] deliveryRecord = DeliveryCodec.encode(new DeliveryCodec.Envelope("node-1", DeliveryKind.LIVE,
                new DeliverySource(3, 1234)), List.of(new Recipient("other", 2, true), SHARED), publishRecord);

        Payload embedded = PublishRecords.embeddedIn(deliveryRecord, DeliveryCodec.decode(deliveryRecord));

        assertThat(embedded.toByteArray()).isEqualTo(publishRecord);
        // A view into the delivery record: no copy of the payload on the delivery path.
        assertThat(embedded.array()).isSameAs(deliveryRecord);
    }

    @Test
    void embeddedPublishRecordWithAnEmptyPayloadIsFound() {
        PublishEvent publish = publish(Payload.empty());
        byte[] deliveryRecord = DeliveryCodec.encode(new DeliveryEvent("node-1", List.of(SHARED), publish));

        Payload embedded = PublishRecords.embeddedIn(deliveryRecord, DeliveryCodec.decode(deliveryRecord));

        assertThat(embedded.toByteArray()).isEqualTo(PublishCodec.encode(publish));
    }

    @Test
    void lazyViewIsFoundOnceAndForRecipientsOfNonSharedSubscriptionsToo() {
        PublishEvent publish = publish(Payload.utf8("x"));
        byte[] deliveryRecord = DeliveryCodec.encode(new DeliveryEvent("node-1",
                List.of(new Recipient("c", 1, false)), publish));

        var lazy = PublishRecords.lazilyIn(deliveryRecord, DeliveryCodec.decode(deliveryRecord));

        // A persistent session's copy is handed back too, so every recipient's record can be needed.
        assertThat(lazy.get().toByteArray()).isEqualTo(PublishCodec.encode(publish));
        assertThat(lazy.get()).isSameAs(lazy.get());
    }

    private static PublishEvent publish(Payload payload) {
        MessageProperties properties = new MessageProperties(OptionalInt.of(1), OptionalLong.of(60), "text/plain",
                "reply/to", Payload.utf8("corr"), List.of(new UserProperty("k", "v")));
        return new PublishEvent(UUID.randomUUID(), "default", "publisher", "node-0", "a/b", 1, true,
                Instant.now().truncatedTo(ChronoUnit.MICROS), properties, payload);
    }
}
