package io.tsunagu.ingest.transport.amqp.topology;

import io.smallrye.mutiny.Uni;
import io.tsunagu.ingest.config.IngestOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * storage-service's AMQP topology API ({@code tsunagu.ingest.storage-url}), the authority on exchanges, queues and
 * bindings: sends a {@link TopologyRequest} with the non-blocking Vert.x WebClient, bounded by
 * {@code tsunagu.ingest.internal-request-timeout}, and answers a {@link TopologyAnswer}; an unreachable storage or
 * a timeout is 541 INTERNAL_ERROR (our fault). Thread-safe; the answer arrives on a Vert.x thread.
 */
@ApplicationScoped
public class StorageTopology {

    private static final Logger LOG = Logger.getLogger(StorageTopology.class);

    private final WebClient client;
    private final String baseUrl;
    private final Duration timeout;

    StorageTopology(Vertx vertx, IngestOptions options) {
        this.timeout = options.internalRequestTimeout();
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .setUserAgent("tsunagu-ingest/amqp-topology")
                .setKeepAlive(true));
        String url = options.storageUrl();
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** Sends {@code request}; never fails: a transport failure is a 541 answer. */
    public Uni<TopologyAnswer> send(TopologyRequest request) {
        return Uni.createFrom().completionStage(() -> start(request).toCompletionStage())
                .ifNoItem().after(timeout.plusMillis(100)).fail()
                .map(response -> TopologyAnswer.fromHttp(response.statusCode(), response.bodyAsString()))
                .onFailure().recoverWithItem(failure -> unavailable(request, failure));
    }

    private Future<HttpResponse<Buffer>> start(TopologyRequest request) {
        String target = baseUrl + request.path();
        HttpRequest<Buffer> http = (request.delete() ? client.deleteAbs(target) : client.postAbs(target))
                .putHeader("Accept", "application/json")
                .timeout(timeout.toMillis());
        return request.body() == null ? http.send() : http.sendJsonObject(request.body());
    }

    private static TopologyAnswer unavailable(TopologyRequest request, Throwable failure) {
        LOG.warnf("storage's topology API failed for %s %s: %s", request.delete() ? "DELETE" : "POST",
                request.path(), String.valueOf(failure));
        return TopologyAnswer.refused(TopologyAnswer.INTERNAL_ERROR,
                "INTERNAL_ERROR - the topology authority (storage) is unavailable");
    }
}
