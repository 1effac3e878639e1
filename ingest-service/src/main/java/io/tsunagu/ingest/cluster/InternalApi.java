package io.tsunagu.ingest.cluster;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** What the clients of the other services' internal APIs share: the HTTP client, URL encoding and the time bound. */
final class InternalApi {

    private InternalApi() {
    }

    /** A non-blocking HTTP client on Quarkus's Vert.x, failing a connection attempt after {@code timeout}. */
    static WebClient client(Vertx vertx, Duration timeout, String name) {
        return WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .setUserAgent("tsunagu-ingest/" + name)
                .setKeepAlive(true));
    }

    /** {@code value} percent-encoded for a path segment or a query value (RFC 3986 unreserved characters stay). */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code base} (no trailing slash) followed by {@code path}. */
    static String join(String base, String path) {
        String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return path.startsWith("/") ? trimmed + path : trimmed + "/" + path;
    }

    /** The Vert.x {@code request} as a {@link Uni} that fails after {@code timeout} at the latest. */
    static <T> Uni<T> bounded(Supplier<Future<T>> request, Duration timeout, String what) {
        return Uni.createFrom().completionStage(() -> request.get().toCompletionStage())
                .ifNoItem().after(timeout).failWith(() -> new TimeoutException(what + " gave no answer within "
                        + timeout));
    }
}
