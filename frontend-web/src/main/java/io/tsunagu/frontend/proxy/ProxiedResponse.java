package io.tsunagu.frontend.proxy;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * What the browser gets back for a request forwarded to another service: that service's status, content type and
 * body unchanged, or a 502 with a JSON error when it could not be asked.
 *
 * @param status the HTTP status
 * @param contentType the media type of the body
 * @param body the body bytes
 */
public record ProxiedResponse(int status, String contentType, byte[] body) {

    /** The status when the service behind could not be reached or did not answer in time. */
    public static final int BAD_GATEWAY = 502;
    /** The media type of our own error bodies. */
    public static final String JSON = "application/json";

    /** A 502 whose JSON body names the service and says why, e.g. {@code {"error":"storage_unavailable",...}}. */
    public static ProxiedResponse unavailable(String service, String reason) {
        JsonObject error = new JsonObject()
                .put("error", service + "_unavailable")
                .put("message", service + "-service could not be asked: " + reason);
        return new ProxiedResponse(BAD_GATEWAY, JSON, error.encode().getBytes(StandardCharsets.UTF_8));
    }
}
