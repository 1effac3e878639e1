package io.tsunagu.frontend.dashboard;

import java.util.List;

/**
 * The answer of {@code GET /api/config}: everything the dashboard needs to know at start, so that nothing about the
 * platform's endpoints is written into its scripts.
 *
 * @param mqtt the MQTT over WebSocket connection
 * @param rateWindowMillis the sliding window of the per-topic message rate, in milliseconds
 * @param statusRefreshMillis how often the status page refreshes, in milliseconds
 */
public record DashboardConfig(Mqtt mqtt, long rateWindowMillis, long statusRefreshMillis) {

    /**
     * How the dashboard's MQTT client connects.
     *
     * @param urls MQTT over WebSocket URLs, tried in turn
     * @param telemetryFilter the topic filter of the topic tree and charts
     * @param platformFilter the topic filter of the platform view
     * @param reconnect the reconnect backoff bounds
     * @param clientIdPrefix the start of the client id; the browser adds a random suffix
     */
    public record Mqtt(List<String> urls, String telemetryFilter, String platformFilter, Backoff reconnect,
            String clientIdPrefix) {

        public Mqtt {
            urls = List.copyOf(urls);
        }
    }

    /**
     * Exponential reconnect backoff: the first wait, doubled after each failed attempt up to the longest.
     *
     * @param minMillis the first wait, in milliseconds
     * @param maxMillis the longest wait, in milliseconds
     */
    public record Backoff(long minMillis, long maxMillis) {
    }
}
