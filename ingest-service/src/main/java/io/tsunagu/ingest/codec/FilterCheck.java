package io.tsunagu.ingest.codec;

import io.tsunagu.contracts.error.IngestError;
import io.tsunagu.contracts.event.Subscription;

/**
 * The outcome of checking one topic filter of a SUBSCRIBE: the subscription to grant, or the error for its SUBACK
 * code.
 *
 * @param filter the filter as requested
 * @param granted the subscription to grant, or null when refused
 * @param error the refusal, or null
 * @param reason why it was refused (for logs), or null
 */
public record FilterCheck(String filter, Subscription granted, IngestError error, String reason) {

    /** A granted filter. */
    public static FilterCheck granted(Subscription subscription) {
        return new FilterCheck(subscription.filter(), subscription, null, null);
    }

    /** A refused filter. */
    public static FilterCheck refused(String filter, IngestError error, String reason) {
        return new FilterCheck(filter, null, error, reason);
    }

    /** True when the filter may be subscribed. */
    public boolean isGranted() {
        return granted != null;
    }
}
