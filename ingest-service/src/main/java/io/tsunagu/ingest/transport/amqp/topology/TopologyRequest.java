package io.tsunagu.ingest.transport.amqp.topology;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * One request to storage-service's AMQP topology API: a POST with a JSON body or a DELETE, on a path under the
 * storage URL (vhost and names already URL-encoded).
 *
 * @param delete true for DELETE, false for POST
 * @param path the path and query, starting with {@code /internal/}
 * @param body the JSON body of a POST, null for DELETE
 */
public record TopologyRequest(boolean delete, String path, JsonObject body) {

    public TopologyRequest {
        Objects.requireNonNull(path, "path");
    }

    /** A POST of {@code body} to {@code path}. */
    public static TopologyRequest post(String path, JsonObject body) {
        return new TopologyRequest(false, path, body);
    }

    /** A DELETE of {@code path}. */
    public static TopologyRequest delete(String path) {
        return new TopologyRequest(true, path, null);
    }
}
