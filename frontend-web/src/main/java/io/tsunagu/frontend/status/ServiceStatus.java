package io.tsunagu.frontend.status;

import java.util.List;

/**
 * What one service instance reported: its readiness with the checks behind it, and its message counters.
 * A counter is null when the instance did not report it (metrics unreachable, or no such series).
 *
 * @param service ingest, routing or storage
 * @param url the instance's base URL
 * @param status UP only when its readiness endpoint answered UP
 * @param checks the readiness checks it listed; empty when it could not be asked
 * @param error why the status or the counters are missing, for people; null when nothing went wrong
 * @param messagesIn sum of {@code tsunagu_messages_in_total} over all its series
 * @param messagesOut sum of {@code tsunagu_messages_out_total} over all its series
 * @param messagesStored sum of {@code tsunagu_messages_stored_total} over all its series
 */
public record ServiceStatus(
        String service,
        String url,
        Health status,
        List<HealthCheck> checks,
        String error,
        Long messagesIn,
        Long messagesOut,
        Long messagesStored) {

    public ServiceStatus {
        checks = List.copyOf(checks);
    }
}
