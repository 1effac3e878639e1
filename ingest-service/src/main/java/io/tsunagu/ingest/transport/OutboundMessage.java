package io.tsunagu.ingest.transport;

import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.DeliveryKind;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.ingest.codec.ConnackProperties;
import java.util.List;

/**
 * A message on its way to one subscriber: the routed delivery, and this copy's QoS, RETAIN and DUP flags and
 * Subscription Identifiers, the shared subscriptions it was chosen through, and, for a message from the session's
 * queue, its sequence number there.
 *
 * @param routed the delivery and the publish record it embeds (for handing the copy back)
 * @param qos the QoS of this copy
 * @param retain the RETAIN flag of this copy
 * @param dup the DUP flag: 1 for a message that was sent before [MQTT-3.3.1-1]
 * @param subscriptionIds the Subscription Identifiers of the matching subscriptions
 * @param sharedSubscriptions the {@code $share/{ShareName}/{filter}} subscriptions it was chosen through; empty for none
 * @param queueSeq its sequence number in the session's queue; {@link #NOT_QUEUED} for a delivery from the stream
 */
record OutboundMessage(RoutedDelivery routed, int qos, boolean retain, boolean dup, List<Integer> subscriptionIds,
        List<String> sharedSubscriptions, long queueSeq) {

    /** The {@link #queueSeq()} of a message that came from this node's delivery stream. */
    static final long NOT_QUEUED = -1;

    /**
     * The copy of {@code routed} for {@code recipient}: queued at {@code queueSeq} ({@link #NOT_QUEUED} when it came
     * from the stream), for a client that speaks MQTT 5 when {@code mqtt5}.
     */
    static OutboundMessage of(RoutedDelivery routed, Recipient recipient, long queueSeq, boolean mqtt5) {
        DeliveryEvent delivery = routed.delivery();
        return new OutboundMessage(routed, outboundQos(recipient), retainFlag(delivery, recipient, mqtt5),
                delivery.kind() == DeliveryKind.REQUEUED, recipient.subscriptionIds(),
                recipient.sharedSubscriptions(), queueSeq);
    }

    /** The QoS of the copy for {@code recipient}: never above what we support. */
    static int outboundQos(Recipient recipient) {
        return Math.min(recipient.qos(), ConnackProperties.MAXIMUM_QOS);
    }

    PublishEvent publish() {
        return routed.delivery().publish();
    }

    /** The publish-stream record of the message, byte for byte. */
    Payload publishRecord() {
        return routed.publishRecord().get();
    }

    boolean isShared() {
        return !sharedSubscriptions.isEmpty();
    }

    /** True for a message read from the session's queue: it stays there until the client acknowledges it. */
    boolean isQueued() {
        return queueSeq != NOT_QUEUED;
    }

    /**
     * True when the delivery stream counted this copy in the connection's backlog ({@link OutboundBacklog}), which
     * it leaves when written or dropped: QoS 1 and 2 copies from the stream.
     */
    boolean isInBacklog() {
        return qos > 0 && !isQueued();
    }

    /**
     * The RETAIN flag of a copy. A retained message sent because of a new subscription has RETAIN 1 (MQTT 5
     * §3.3.1.3; 3.1.1 [MQTT-3.3.1-8]). A live or queued delivery has RETAIN 0 [MQTT-3.3.1-9], unless an MQTT 5
     * subscription asked for Retain As Published [MQTT-3.3.1-12] [MQTT-3.3.1-13].
     */
    private static boolean retainFlag(DeliveryEvent delivery, Recipient recipient, boolean mqtt5) {
        if (delivery.kind() == DeliveryKind.RETAINED) {
            return true;
        }
        return mqtt5 && recipient.retainAsPublished() && delivery.publish().retain();
    }
}
