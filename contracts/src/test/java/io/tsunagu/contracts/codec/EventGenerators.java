package io.tsunagu.contracts.codec;

import io.tsunagu.contracts.event.ControlEvent;
import io.tsunagu.contracts.event.ControlKind;
import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.DeliveryKind;
import io.tsunagu.contracts.event.DeliverySource;
import io.tsunagu.contracts.event.MessageProperties;
import io.tsunagu.contracts.event.NodeEvent;
import io.tsunagu.contracts.event.NodeTraffic;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.SessionPersistence;
import io.tsunagu.contracts.event.SessionState;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.event.UserProperty;
import io.tsunagu.contracts.event.Will;
import io.tsunagu.contracts.property.Gen;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;

/** Generators of arbitrary stream events for the codec properties: every field, all of Unicode, any payload. */
final class EventGenerators {

    /**
     * Smallest epoch-microsecond value generated. Instants within a second of Long.MIN_VALUE microseconds decode
     * but cannot be encoded again (ChronoUnit.MICROS.between overflows there), so the generator stays clear.
     */
    private static final long MIN_MICROS = Long.MIN_VALUE / 2;

    private static final Gen<Boolean> BOOLEANS = Gen.booleans();
    private static final Gen<Integer> QOS = Gen.ints(0, 2);

    private EventGenerators() {
    }

    /** Strings of any Unicode scalar values (no lone surrogates): ASCII, control characters, BMP and beyond. */
    static Gen<String> text() {
        Gen<Integer> codePoint = Gen.oneOf(
                Gen.ints(0x20, 0x7E),
                Gen.ints(0x00, 0x1F),
                Gen.ints(0x80, 0xD7FF),
                Gen.ints(0xE000, 0xFFFF),
                Gen.ints(0x1_0000, 0x10_FFFF));
        return codePoint.list(0, 12).map(EventGenerators::fromCodePoints);
    }

    /** Payloads, empty ones included, over a whole array or a slice of a larger one. */
    static Gen<Payload> payloads() {
        return Gen.bytes(48).with(Gen.ints(0, 3), EventGenerators::payloadWithPadding);
    }

    static Gen<MessageProperties> properties() {
        Gen<OptionalInt> formatIndicator = Gen.elements(OptionalInt.empty(), OptionalInt.of(0), OptionalInt.of(1));
        Gen<OptionalLong> expiry = Gen.oneOf(Gen.constant(OptionalLong.empty()),
                Gen.longs(0, MessageProperties.MAX_MESSAGE_EXPIRY_INTERVAL).map(OptionalLong::of));
        Gen<List<UserProperty>> userProperties = text().with(text(), UserProperty::new).list(0, 4);
        Gen<String> textOrNull = text().orNull(0.4);
        Gen<Payload> payloadOrNull = payloads().orNull(0.4);
        Gen<MessageProperties> some = random -> new MessageProperties(formatIndicator.next(random),
                expiry.next(random), textOrNull.next(random), textOrNull.next(random), payloadOrNull.next(random),
                userProperties.next(random));
        return Gen.oneOf(Gen.constant(MessageProperties.none()), some);
    }

    /** Instants to the microsecond, as a record holds them: before and after the epoch, bounds included. */
    static Gen<Instant> instants() {
        return Gen.longs(MIN_MICROS, Long.MAX_VALUE).map(micros -> Instant.EPOCH.plus(micros, ChronoUnit.MICROS));
    }

    static Gen<PublishEvent> publishEvents() {
        Gen<Long> longs = Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE);
        Gen<Instant> receivedAt = instants();
        Gen<String> text = text();
        Gen<MessageProperties> properties = properties();
        Gen<Payload> payloads = payloads();
        return random -> new PublishEvent(new UUID(longs.next(random), longs.next(random)), text.next(random),
                text.next(random), text.next(random), text.next(random), QOS.next(random), BOOLEANS.next(random),
                receivedAt.next(random), properties.next(random), payloads.next(random));
    }

    /**
     * Subscription Identifiers of a recipient (1 to the maximum): small ones, so that two subscriptions of one
     * client sometimes share one, and any up to the maximum, its bounds included.
     */
    static Gen<Integer> subscriptionIds() {
        return Gen.oneOf(Gen.ints(1, 3), Gen.ints(1, Subscription.MAX_SUBSCRIPTION_ID));
    }

    /** Subscriptions with every option, half of them without a Subscription Identifier (0). */
    static Gen<Subscription> subscriptions() {
        Gen<String> text = text();
        Gen<Integer> ids = Gen.oneOf(Gen.constant(0), Gen.ints(0, Subscription.MAX_SUBSCRIPTION_ID));
        return random -> new Subscription(text.next(random), QOS.next(random), BOOLEANS.next(random),
                BOOLEANS.next(random), QOS.next(random), ids.next(random));
    }

    /**
     * The retained requests of a session with {@code subscriptions}: mostly their filters, as a SUBSCRIBE makes
     * them, but also any text, since the record does not tie the two lists together.
     */
    static Gen<List<String>> retainedRequests(List<Subscription> subscriptions) {
        if (subscriptions.isEmpty()) {
            return text().list(0, 2);
        }
        List<String> filters = subscriptions.stream().map(Subscription::filter).toList();
        return Gen.oneOf(Gen.elementsOf(filters), Gen.elementsOf(filters), text()).list(0, 4);
    }

    /**
     * Session persistence: none, as a clean session has, or any expiry interval (0, NEVER and the one-byte/
     * multi-byte varint boundaries favoured) written at any instant.
     */
    static Gen<SessionPersistence> sessionPersistences() {
        Gen<Long> intervals = Gen.oneOf(Gen.longs(0, SessionPersistence.NEVER),
                Gen.elements(0L, 1L, 127L, 128L, SessionPersistence.NEVER - 1, SessionPersistence.NEVER));
        Gen<SessionPersistence> some = intervals.with(instants(), SessionPersistence::new);
        return Gen.oneOf(Gen.constant(SessionPersistence.none()), some, some);
    }

    /** Wills: any publish (properties and payload included) with any delay, 0 and the largest favoured. */
    static Gen<Will> wills() {
        Gen<Long> delays = Gen.oneOf(Gen.constant(0L), Gen.longs(0, MessageProperties.MAX_MESSAGE_EXPIRY_INTERVAL));
        return publishEvents().with(delays, Will::new);
    }

    /**
     * Pending releases (inbound awaiting PUBREL, or outbound awaiting PUBCOMP): packet ids 1 to 65535, small ones
     * (so a list sometimes repeats one, which the record does not forbid) and any, the one-byte/two-byte/three-byte
     * varint boundaries and the bounds included.
     */
    static Gen<List<Integer>> pendingReleases() {
        Gen<Integer> packetIds = Gen.oneOf(Gen.ints(1, 3), Gen.elements(127, 128, 16_383, 16_384),
                Gen.ints(1, 65_535));
        return Gen.oneOf(Gen.constant(List.<Integer>of()), packetIds.list(1, 5));
    }

    static Gen<SessionEvent> sessionEvents() {
        Gen<String> text = text();
        Gen<List<Subscription>> subscriptions = subscriptions().list(0, 5);
        Gen<Long> epochs = Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE);
        Gen<SessionState> states = Gen.elements(SessionState.values());
        Gen<SessionPersistence> persistences = sessionPersistences();
        Gen<Will> wills = wills().orNull(0.5);
        Gen<List<Integer>> pendingReleases = pendingReleases();
        Gen<List<Integer>> pendingOutboundReleases = pendingReleases();
        return random -> {
            String tenant = text.next(random);
            String clientId = text.next(random);
            String nodeId = text.next(random);
            long epoch = epochs.next(random);
            SessionState state = states.next(random);
            List<Subscription> chosen = subscriptions.next(random);
            return new SessionEvent(tenant, clientId, nodeId, epoch, state, chosen,
                    retainedRequests(chosen).next(random), persistences.next(random), wills.next(random),
                    pendingReleases.next(random), pendingOutboundReleases.next(random));
        };
    }

    /** Heartbeats of any node, with any epoch, at any instant, with any traffic. */
    static Gen<NodeEvent> nodeEvents() {
        Gen<String> text = text();
        Gen<Long> epochs = Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE);
        Gen<Instant> instants = instants();
        Gen<NodeTraffic> traffic = nodeTraffic();
        return random -> new NodeEvent(text.next(random), epochs.next(random), instants.next(random),
                traffic.next(random));
    }

    /** Traffic counters: small, any, and the one-byte/two-byte/nine-byte varint boundaries and the bounds. */
    static Gen<NodeTraffic> nodeTraffic() {
        Gen<Long> counters = Gen.oneOf(Gen.longs(0, 3), Gen.elements(127L, 128L, 16_383L, 16_384L,
                (1L << 56) - 1, 1L << 56, Long.MAX_VALUE), Gen.longs(0, Long.MAX_VALUE));
        return random -> new NodeTraffic(counters.next(random), counters.next(random), counters.next(random));
    }

    static Gen<ControlEvent> controlEvents() {
        Gen<String> text = text();
        Gen<ControlKind> kinds = Gen.elements(ControlKind.values());
        return random -> new ControlEvent(text.next(random), kinds.next(random), text.next(random),
                text.next(random), text.next(random));
    }

    static Gen<DeliveryKind> deliveryKinds() {
        return Gen.elements(DeliveryKind.values());
    }

    /**
     * Delivery sources: none, a few partitions with small offsets as a real stream has, and any partition and
     * offset the codec can carry, one-byte/multi-byte varint boundaries and the bounds included.
     */
    static Gen<DeliverySource> deliverySources() {
        Gen<Integer> partitions = Gen.oneOf(Gen.ints(0, 11), Gen.ints(126, 128),
                Gen.ints(0, Integer.MAX_VALUE));
        Gen<Long> offsets = Gen.oneOf(Gen.longs(0, 1_000), Gen.longs(127, 128), Gen.longs(0, Long.MAX_VALUE));
        Gen<DeliverySource> known = partitions.with(offsets, DeliverySource::new);
        return Gen.oneOf(Gen.constant(DeliverySource.none()), known, known);
    }

    /**
     * The shared subscriptions a recipient was chosen through: mostly {@code $share/{group}/{filter}} as routing
     * writes them, a few repeated, but also any text, since the record does not check what the strings say.
     */
    static Gen<String> sharedSubscriptions() {
        Gen<String> text = text();
        Gen<String> shares = text.with(text, (group, filter) -> "$share/" + group + "/" + filter);
        return Gen.oneOf(shares, shares, Gen.elements("$share/g/a/b", "$share/g/#"), text);
    }

    /** Recipients with every option; about half of them were chosen through shared subscriptions. */
    static Gen<Recipient> recipients() {
        Gen<String> text = text();
        Gen<List<Integer>> ids = subscriptionIds().list(0, 4);
        Gen<List<String>> shared = Gen.oneOf(Gen.constant(List.<String>of()), sharedSubscriptions().list(1, 3));
        return random -> new Recipient(text.next(random), QOS.next(random), BOOLEANS.next(random),
                ids.next(random), shared.next(random));
    }

    static Gen<DeliveryEvent> deliveryEvents() {
        Gen<String> text = text();
        Gen<List<Recipient>> recipients = recipients().list(0, 5);
        Gen<PublishEvent> publishes = publishEvents();
        Gen<DeliveryKind> kinds = deliveryKinds();
        Gen<DeliverySource> sources = deliverySources();
        return random -> new DeliveryEvent(text.next(random), recipients.next(random), publishes.next(random),
                kinds.next(random), sources.next(random));
    }

    private static Payload payloadWithPadding(byte[] bytes, int padding) {
        byte[] larger = new byte[bytes.length + 2 * padding];
        System.arraycopy(bytes, 0, larger, padding, bytes.length);
        return Payload.slice(larger, padding, bytes.length);
    }

    private static String fromCodePoints(List<Integer> codePoints) {
        StringBuilder text = new StringBuilder();
        codePoints.forEach(text::appendCodePoint);
        return text.toString();
    }
}
