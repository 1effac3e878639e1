package io.tsunagu.ingest.session;

import io.tsunagu.contracts.error.IngestError;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.topic.TopicValidation;
import io.tsunagu.ingest.codec.FilterCheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subscriptions of one connection, in the order they were made, bounded by the configured maximum.
 * Event-loop only: not thread-safe.
 */
public final class SubscriptionSet {

    /** Shared by every set until its first subscription: many clients only publish. */
    private static final Map<String, Subscription> NONE = Map.of();

    private final int maxSubscriptions;
    private Map<String, Subscription> byFilter = NONE;

    /** An empty set holding at most {@code maxSubscriptions}. */
    public SubscriptionSet(int maxSubscriptions) {
        this.maxSubscriptions = maxSubscriptions;
    }

    /**
     * The result of one SUBSCRIBE.
     *
     * @param results one per requested filter, in request order (the SUBACK codes)
     * @param changed true when at least one filter was granted, so the session state must be published
     */
    public record SubscribeOutcome(List<FilterCheck> results, boolean changed) {
    }

    /**
     * The result of one filter of UNSUBSCRIBE.
     *
     * @param filter the filter
     * @param removed true when a subscription existed and was removed
     * @param error the refusal for an invalid filter, or null
     */
    public record UnsubscribeResult(String filter, boolean removed, IngestError error) {
    }

    /**
     * Applies checked filters: granted ones are added, replacing a subscription with the same filter
     * [MQTT-3.8.4-3]; a new filter beyond the maximum is refused with Quota exceeded.
     */
    public SubscribeOutcome subscribe(List<FilterCheck> checks) {
        List<FilterCheck> results = new ArrayList<>(checks.size());
        boolean changed = false;
        for (FilterCheck check : checks) {
            FilterCheck result = apply(check);
            changed |= result.isGranted();
            results.add(result);
        }
        return new SubscribeOutcome(results, changed);
    }

    /** Removes the filters that are valid and subscribed. */
    public List<UnsubscribeResult> unsubscribe(List<String> filters, List<TopicValidation> validations) {
        List<UnsubscribeResult> results = new ArrayList<>(filters.size());
        for (int i = 0; i < filters.size(); i++) {
            String filter = filters.get(i);
            TopicValidation validation = validations.get(i);
            if (!validation.isValid()) {
                results.add(new UnsubscribeResult(filter, false, validation.error()));
            } else {
                results.add(new UnsubscribeResult(filter, byFilter.remove(filter) != null, null));
            }
        }
        return results;
    }

    /**
     * Restores the subscriptions of a resumed session [MQTT-3.2.2-2] (they were granted before, so the maximum does
     * not refuse them). Call before the first SUBSCRIBE of the connection.
     */
    public void restore(List<Subscription> restored) {
        for (Subscription subscription : restored) {
            put(subscription.filter(), subscription);
        }
    }

    /** The current subscriptions, in the order they were first made. */
    public List<Subscription> snapshot() {
        return List.copyOf(byFilter.values());
    }

    /** Number of subscriptions. */
    public int size() {
        return byFilter.size();
    }

    private FilterCheck apply(FilterCheck check) {
        if (!check.isGranted()) {
            return check;
        }
        if (!byFilter.containsKey(check.filter()) && byFilter.size() >= maxSubscriptions) {
            return FilterCheck.refused(check.filter(), IngestError.QUOTA_EXCEEDED,
                    "more than " + maxSubscriptions + " subscriptions");
        }
        put(check.filter(), check.granted());
        return check;
    }

    private void put(String filter, Subscription subscription) {
        if (byFilter == NONE) {
            byFilter = new LinkedHashMap<>();
        }
        byFilter.put(filter, subscription);
    }
}
