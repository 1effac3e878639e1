package io.tsunagu.ingest.handoff;

import io.tsunagu.contracts.codec.DeliveryCodec;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Finds the publish-stream record that a delivery record embeds byte for byte, so that a copy can be written back
 * to the publish stream unchanged (same message id, same bytes). Pure functions.
 */
public final class PublishRecords {

    private static final Logger LOG = Logger.getLogger(PublishRecords.class);

    private PublishRecords() {
    }

    /**
     * The publish record embedded in {@code deliveryRecord}, found when first asked for: most copies are never handed
     * back, so most records are never searched. Safe on any thread (a race computes the same view twice).
     */
    public static Supplier<Payload> lazilyIn(byte[] deliveryRecord, DeliveryEvent delivery) {
        return new Supplier<>() {
            private volatile Payload found;

            @Override
            public Payload get() {
                Payload current = found;
                if (current == null) {
                    current = embeddedIn(deliveryRecord, delivery);
                    found = current;
                }
                return current;
            }
        };
    }

    /**
     * The publish record embedded in {@code deliveryRecord} (decoded as {@code delivery}) as a view, without copying.
     *
     * <p>The delivery record is its envelope and recipients, then the publish record to the end. The delivery codec
     * writes the part before it canonically, so encoding that part again gives its length. That length, the publish
     * record's own fields (re-encoded too) and the payload must add up to the delivery record; if the formats ever
     * disagree, the publish record is encoded again from the decoded event, which keeps its message id.
     */
    public static Payload embeddedIn(byte[] deliveryRecord, DeliveryEvent delivery) {
        int start = DeliveryCodec.encode(new DeliveryCodec.Envelope(delivery.nodeId(), delivery.kind(),
                delivery.source()), delivery.recipients(), new byte[0]).length;
        PublishEvent publish = delivery.publish();
        if (start + fieldsLength(publish) + publish.payload().length() == deliveryRecord.length) {
            return Payload.slice(deliveryRecord, start, deliveryRecord.length - start);
        }
        LOG.warnf("delivery record of message %s: embedded publish record not found; encoding it again",
                publish.messageId());
        return Payload.wrap(PublishCodec.encode(publish));
    }

    /** The length of a publish record's fields before its payload. */
    private static int fieldsLength(PublishEvent publish) {
        return PublishCodec.encode(new PublishEvent(publish.messageId(), publish.tenant(), publish.clientId(),
                publish.nodeId(), publish.topic(), publish.qos(), publish.retain(), publish.receivedAt(),
                publish.properties(), Payload.empty())).length;
    }
}
