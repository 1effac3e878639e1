package io.tsunagu.frontend.proxy;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.tsunagu.frontend.config.FrontendOptions;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Forwards the dashboard's read requests to storage-service (the browser never talks to storage directly): the
 * query string goes through unchanged, storage's status and body come back unchanged, and an unreachable or slow
 * storage becomes a 502. Non-blocking; completes on the event loop and never with a failure.
 */
@ApplicationScoped
public class StorageProxy {

    private static final String SERVICE = "storage";
    private static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
    private static final Logger LOG = Logger.getLogger(StorageProxy.class);

    private final WebClient client;
    private final String baseUrl;
    private final long timeoutMillis;
    private final MeterRegistry registry;

    StorageProxy(WebClient client, FrontendOptions options, MeterRegistry registry) {
        this.client = client;
        this.baseUrl = options.storageUrl().strip().replaceAll("/+$", "");
        this.timeoutMillis = options.storageTimeout().toMillis();
        this.registry = registry;
    }

    /**
     * Storage's answer to {@code GET path?rawQuery}.
     *
     * @param path the path on storage, starting with '/'
     * @param rawQuery the request's query string as sent (still percent-encoded), or null for none
     */
    public Uni<ProxiedResponse> get(String path, String rawQuery) {
        String url = baseUrl + path + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery);
        return client.getAbs(url)
                .putHeader("Accept", ProxiedResponse.JSON)
                .timeout(timeoutMillis)
                .send()
                .map(StorageProxy::toProxied)
                .onFailure()
                .recoverWithItem(failure -> unavailable(path, failure));
    }

    private static ProxiedResponse toProxied(HttpResponse<Buffer> response) {
        String contentType = response.getHeader("Content-Type");
        Buffer body = response.body();
        return new ProxiedResponse(response.statusCode(), contentType == null ? DEFAULT_CONTENT_TYPE : contentType,
                body == null ? new byte[0] : body.getBytes());
    }

    private ProxiedResponse unavailable(String path, Throwable failure) {
        String message = failure.getMessage();
        String detail = message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
        // logged at DEBUG: while storage restarts every dashboard request fails alike and the counter shows it
        LOG.debugf("%s %s: %s", SERVICE, path, detail);
        registry.counter("tsunagu.frontend.proxy.failures", "service", SERVICE, "path", path).increment();
        // the browser learns what happened, not where storage lives inside the platform
        boolean timedOut = detail.toLowerCase(Locale.ROOT).contains("timeout");
        return ProxiedResponse.unavailable(SERVICE, timedOut ? "no answer within " + timeoutMillis + " ms"
                : "unreachable");
    }
}
