package io.tsunagu.storage.it;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Paths of the topology API: the vhost URL-encoded as one path segment ("/" is %2F). */
final class TopologyRequests {

    private TopologyRequests() {
    }

    static String path(String vhost, String rest) {
        return "/internal/amqp/" + URLEncoder.encode(vhost, StandardCharsets.UTF_8).replace("+", "%20") + rest;
    }
}
