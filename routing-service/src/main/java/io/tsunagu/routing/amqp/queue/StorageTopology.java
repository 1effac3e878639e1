package io.tsunagu.routing.amqp.queue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * storage-service's internal topology API, for what the queue owners decide on their own: an auto-delete queue whose
 * last consumer went is deleted there ({@code DELETE /internal/amqp/{vhost}/queues/{name}}); storage then writes the
 * queue's tombstone to tsunagu.topology, which removes it here too. Asynchronous: the owner thread never waits.
 */
final class StorageTopology {

    private static final Logger LOG = Logger.getLogger(StorageTopology.class);

    private final String baseUrl;
    private final Duration timeout;
    private final HttpClient http;

    StorageTopology(String baseUrl, Duration timeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Asks storage to delete the queue {@code name} of {@code vhost}. */
    void deleteQueue(String vhost, String name) {
        URI uri = URI.create(baseUrl + "/internal/amqp/" + segment(vhost) + "/queues/" + segment(name));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).DELETE().build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            if (failure != null) {
                LOG.warnf("Deleting the auto-delete queue '%s' of vhost '%s' in storage failed: %s", name, vhost,
                        failure.getMessage());
            } else if (response.statusCode() / 100 != 2) {
                LOG.warnf("Storage answered %d to deleting the auto-delete queue '%s' of vhost '%s'",
                        response.statusCode(), name, vhost);
            }
        });
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
