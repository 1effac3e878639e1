package io.tsunagu.ingest.cluster;

import io.smallrye.mutiny.Uni;
import io.tsunagu.contracts.codec.SessionCodec;
import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.ingest.config.IngestOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/**
 * The session lookup of routing-service's internal API ({@code tsunagu.ingest.routing-url} +
 * {@code tsunagu.ingest.routing-session-path}): 200 with the session's latest record in the session codec, 404 when
 * there is none. Non-blocking (Vert.x WebClient); every request is bounded by
 * {@code tsunagu.ingest.internal-request-timeout}. Thread-safe.
 */
@ApplicationScoped
public class RoutingSessionDirectory implements SessionDirectory {

    private static final int OK = 200;
    private static final int NOT_FOUND = 404;

    private final WebClient client;
    private final String url;
    private final Duration timeout;

    RoutingSessionDirectory(Vertx vertx, IngestOptions options) {
        this.timeout = options.internalRequestTimeout();
        this.client = InternalApi.client(vertx, timeout, "routing");
        this.url = InternalApi.join(options.routingUrl(), options.routingSessionPath());
    }

    @PreDestroy
    void close() {
        client.close();
    }

    @Override
    public Uni<Optional<SessionEvent>> find(String tenant, String clientId) {
        String target = url.replace("{tenant}", InternalApi.encode(tenant))
                .replace("{clientId}", InternalApi.encode(clientId));
        return InternalApi.bounded(() -> client.getAbs(target)
                        .putHeader("Accept", "application/octet-stream")
                        .timeout(timeout.toMillis())
                        .send(), timeout, "routing's session lookup")
                .map(RoutingSessionDirectory::toSession);
    }

    private static Optional<SessionEvent> toSession(HttpResponse<Buffer> response) {
        if (response.statusCode() == NOT_FOUND) {
            return Optional.empty();
        }
        if (response.statusCode() != OK || response.body() == null) {
            throw new IllegalStateException("routing's session lookup answered " + response.statusCode());
        }
        return Optional.of(SessionCodec.decode(response.body().getBytes()));
    }
}
