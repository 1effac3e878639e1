package io.tsunagu.contracts.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules of the fields added for retained messages, Subscription Identifiers, shared subscriptions and
 * exactly-once delivery: values the records refuse when built, so no codec ever has to write them.
 */
class DeliveryFieldsTest {

    private static final PublishEvent PUBLISH = new PublishEvent(new UUID(0, 0), "t", "c", "n", "a", 0,
            false, Instant.EPOCH, MessageProperties.none(), Payload.empty());

    @ParameterizedTest(name = "partition {0}, offset {1}")
    @CsvSource({
        "-1,          -1",
        "0,           0",
        "5,           300",
        "2147483647,  9223372036854775807",
    })
    void sourceIsAKnownPositionOrNone(int partition, long offset) {
        DeliverySource source = new DeliverySource(partition, offset);

        assertThat(source.isKnown()).isEqualTo(partition >= 0);
        assertThat(source.partition()).isEqualTo(partition);
        assertThat(source.offset()).isEqualTo(offset);
    }

    @ParameterizedTest(name = "partition {0}, offset {1}")
    @CsvSource({
        "-1,          0",                       // no partition but an offset
        "-1,          300",
        "0,           -1",                      // a partition but no offset
        "5,           -1",
        "-2,          -1",                      // below -1
        "-1,          -2",
        "-2,          0",
        "0,           -2",
        "-2147483648, -9223372036854775808",
    })
    void partitionIsMinusOneExactlyWhenTheOffsetIs(int partition, long offset) {
        assertThatThrownBy(() -> new DeliverySource(partition, offset))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad delivery source");
    }

    @Test
    void noneIsMinusOneAtMinusOne() {
        assertThat(DeliverySource.none()).isEqualTo(new DeliverySource(-1, -1));
        assertThat(DeliverySource.none().isKnown()).isFalse();
    }

    @Test
    void deliveryKindOrdinalsAreTheWireCodes() {
        // The codec writes the ordinal: reordering the constants would change the meaning of stored records.
        assertThat(DeliveryKind.values())
                .containsExactly(DeliveryKind.LIVE, DeliveryKind.RETAINED, DeliveryKind.REQUEUED);
        assertThat(DeliveryKind.LIVE.ordinal()).isZero();
        assertThat(DeliveryKind.RETAINED.ordinal()).isOne();
        assertThat(DeliveryKind.REQUEUED.ordinal()).isEqualTo(2);
    }

    @Test
    void deliveryWithoutKindAndSourceIsLiveWithNoSource() {
        DeliveryEvent event = new DeliveryEvent("n", List.of(), PUBLISH);

        assertThat(event.kind()).isEqualTo(DeliveryKind.LIVE);
        assertThat(event.source()).isEqualTo(DeliverySource.none());
    }

    @Test
    void deliveryRequiresKindAndSource() {
        assertThatThrownBy(() -> new DeliveryEvent("n", List.of(), PUBLISH, null, DeliverySource.none()))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("kind");
        assertThatThrownBy(() -> new DeliveryEvent("n", List.of(), PUBLISH, DeliveryKind.LIVE, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("source");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 127, 128, 268_435_455})
    void recipientAcceptsEverySubscriptionIdentifier(int subscriptionId) {
        assertThat(new Recipient("c", 1, false, List.of(subscriptionId)).subscriptionIds())
                .containsExactly(subscriptionId);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 268_435_456, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void recipientRefusesSubscriptionIdentifiersOutOfRange(int subscriptionId) {
        // 0 means "none" in a Subscription; a recipient lists only the identifiers that exist.
        assertThatThrownBy(() -> new Recipient("c", 1, false, List.of(1, subscriptionId)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("subscription identifier out of range: " + subscriptionId);
    }

    @Test
    void recipientWithoutIdentifiersHasAnEmptyList() {
        assertThat(new Recipient("c", 1, true).subscriptionIds()).isEmpty();
        assertThat(new Recipient("c", 1, true)).isEqualTo(new Recipient("c", 1, true, List.of()));
    }

    @Test
    void recipientCopiesItsIdentifiers() {
        List<Integer> ids = new ArrayList<>(List.of(1, 2));
        Recipient recipient = new Recipient("c", 0, false, ids);

        ids.add(3);

        assertThat(recipient.subscriptionIds()).containsExactly(1, 2);
        assertThatThrownBy(() -> recipient.subscriptionIds().add(4))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void recipientRefusesANullIdentifier() {
        assertThatThrownBy(() -> new Recipient("c", 0, false, Arrays.asList(1, null)))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void recipientOfNonSharedSubscriptionsHasNoSharedSubscriptions() {
        assertThat(new Recipient("c", 1, true, List.of(4)).sharedSubscriptions()).isEmpty();
        assertThat(new Recipient("c", 1, true, List.of(4)))
                .isEqualTo(new Recipient("c", 1, true, List.of(4), List.of()));
        assertThat(new Recipient("c", 1, true).sharedSubscriptions()).isEmpty();
    }

    @Test
    void recipientCopiesItsSharedSubscriptions() {
        List<String> shared = new ArrayList<>(List.of("$share/g/a"));
        Recipient recipient = new Recipient("c", 0, false, List.of(), shared);

        shared.add("$share/h/a");

        assertThat(recipient.sharedSubscriptions()).containsExactly("$share/g/a");
        assertThatThrownBy(() -> recipient.sharedSubscriptions().add("$share/i/a"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void recipientRefusesANullSharedSubscription() {
        assertThatThrownBy(() -> new Recipient("c", 0, false, List.of(), Arrays.asList("$share/g/a", null)))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Recipient("c", 0, false, List.of(), null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void sharedSubscriptionsTakePartInEquality() {
        assertThat(new Recipient("c", 1, false, List.of(), List.of("$share/g/a")))
                .isNotEqualTo(new Recipient("c", 1, false, List.of()))
                .isNotEqualTo(new Recipient("c", 1, false, List.of(), List.of("$share/h/a")));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 268_435_455})
    void subscriptionAcceptsNoneOrAnyIdentifier(int subscriptionId) {
        assertThat(new Subscription("a", 1, false, false, 0, subscriptionId).subscriptionId())
                .isEqualTo(subscriptionId);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 268_435_456, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void subscriptionRefusesIdentifiersOutOfRange(int subscriptionId) {
        assertThatThrownBy(() -> new Subscription("a", 1, false, false, 0, subscriptionId))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("subscriptionId out of range: " + subscriptionId);
    }

    @Test
    void subscriptionWithoutAnIdentifierHasZero() {
        assertThat(Subscription.MAX_SUBSCRIPTION_ID).isEqualTo((1 << 28) - 1);
        assertThat(new Subscription("a", 1, true, true, 2).subscriptionId()).isZero();
        assertThat(Subscription.of("a", 1).subscriptionId()).isZero();
    }

    @Test
    void sessionWithoutRetainedRequestsHasAnEmptyList() {
        SessionEvent event = new SessionEvent("t", "c", "n", 1, SessionState.CONNECTED, List.of());

        assertThat(event.retainedRequests()).isEmpty();
        assertThat(event).isEqualTo(new SessionEvent("t", "c", "n", 1, SessionState.CONNECTED, List.of(),
                List.of()));
    }

    @Test
    void sessionCopiesItsRetainedRequests() {
        List<String> requests = new ArrayList<>(List.of("a"));
        SessionEvent event = new SessionEvent("t", "c", "n", 1, SessionState.CONNECTED,
                List.of(Subscription.of("a", 0)), requests);

        requests.add("b");

        assertThat(event.retainedRequests()).containsExactly("a");
        assertThatThrownBy(() -> event.retainedRequests().add("c"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
