package io.tsunagu.ingest.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.error.IngestError;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.topic.TopicValidation;
import io.tsunagu.ingest.codec.FilterCheck;
import io.tsunagu.ingest.session.SubscriptionSet.SubscribeOutcome;
import io.tsunagu.ingest.session.SubscriptionSet.UnsubscribeResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionSetTest {

    @Test
    void sameFilterReplacesTheExistingSubscription() {
        SubscriptionSet set = new SubscriptionSet(10);
        set.subscribe(List.of(FilterCheck.granted(Subscription.of("a/#", 0))));

        set.subscribe(List.of(FilterCheck.granted(Subscription.of("a/#", 1))));

        assertThat(set.snapshot()).containsExactly(Subscription.of("a/#", 1));
    }

    @Test
    void newFilterBeyondTheMaximumIsRefusedWithQuotaExceeded() {
        SubscriptionSet set = new SubscriptionSet(1);
        set.subscribe(List.of(FilterCheck.granted(Subscription.of("a", 0))));

        SubscribeOutcome outcome = set.subscribe(List.of(
                FilterCheck.granted(Subscription.of("b", 0)), FilterCheck.granted(Subscription.of("a", 1))));

        assertThat(outcome.results().get(0).error()).isEqualTo(IngestError.QUOTA_EXCEEDED);
        assertThat(outcome.results().get(1).isGranted()).isTrue();
        assertThat(set.snapshot()).containsExactly(Subscription.of("a", 1));
    }

    @Test
    void refusedFiltersLeaveTheSetUnchanged() {
        SubscriptionSet set = new SubscriptionSet(10);

        SubscribeOutcome outcome = set.subscribe(List.of(
                FilterCheck.refused("a/#/b", IngestError.TOPIC_FILTER_INVALID, "bad")));

        assertThat(outcome.changed()).isFalse();
        assertThat(set.size()).isZero();
    }

    @Test
    void unsubscribeReportsRemovedMissingAndInvalidFilters() {
        SubscriptionSet set = new SubscriptionSet(10);
        set.subscribe(List.of(FilterCheck.granted(Subscription.of("a/+", 1))));

        List<UnsubscribeResult> results = set.unsubscribe(List.of("a/+", "b", "c/#/d"), List.of(
                TopicValidation.valid(), TopicValidation.valid(),
                TopicValidation.invalid(IngestError.TOPIC_FILTER_INVALID, "bad")));

        assertThat(results).containsExactly(
                new UnsubscribeResult("a/+", true, null),
                new UnsubscribeResult("b", false, null),
                new UnsubscribeResult("c/#/d", false, IngestError.TOPIC_FILTER_INVALID));
        assertThat(set.snapshot()).isEmpty();
    }
}
