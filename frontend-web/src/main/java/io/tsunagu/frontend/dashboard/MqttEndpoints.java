package io.tsunagu.frontend.dashboard;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * The MQTT over WebSocket URLs the dashboard connects to: the configured ones, checked, or one derived from the
 * address the page was loaded from. Pure functions.
 */
public final class MqttEndpoints {

    /** The fixed path of ingest's MQTT over WebSocket listener (vertx-mqtt serves only this one). */
    public static final String PATH = "/mqtt";

    private MqttEndpoints() {
    }

    /**
     * {@code urls} stripped of spaces, refusing anything that is not an absolute ws(s) URL with a host, so that a
     * mistyped environment variable stops the start instead of leaving every browser reconnecting forever.
     */
    public static List<String> checked(List<String> urls) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("tsunagu.frontend.mqtt-websocket-url is set but names no URL");
        }
        return urls.stream().map(MqttEndpoints::checked).toList();
    }

    private static String checked(String url) {
        String trimmed = url.strip();
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("MQTT WebSocket URL '" + url + "' is not a URL: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss") || uri.getHost() == null) {
            throw new IllegalArgumentException("MQTT WebSocket URL '" + url + "' must be an absolute ws(s) URL");
        }
        return trimmed;
    }

    /**
     * {@code ws://<host>:<port>/mqtt} for a page loaded from {@code page}, wss when the page came over https (a
     * browser refuses plain WebSocket from a secure page). An IPv6 host keeps its brackets.
     */
    public static String derived(URI page, int port) {
        String scheme = "https".equalsIgnoreCase(page.getScheme()) ? "wss" : "ws";
        String host = page.getHost() == null ? "localhost" : page.getHost();
        return scheme + "://" + host + ":" + port + PATH;
    }
}
