package io.tsunagu.ingest.cluster;

import io.smallrye.mutiny.Uni;
import io.tsunagu.ingest.config.IngestOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;

/**
 * The session-queue API of storage-service ({@code tsunagu.ingest.storage-url} +
 * {@code tsunagu.ingest.storage-session-queue-path}):
 * {@code GET ?tenant=&clientId=&after=&limit=} answers {@code {"items":[{"seq","record"}],"nextAfter"}} with each
 * record in base64, {@code nextAfter} null on the last page; {@code DELETE ?tenant=&clientId=&upTo=} removes a
 * prefix. Non-blocking (Vert.x WebClient), each request bounded by {@code tsunagu.ingest.internal-request-timeout}.
 * Thread-safe.
 */
@ApplicationScoped
public class StorageSessionQueue implements SessionQueueStore {

    private final WebClient client;
    private final String url;
    private final Duration timeout;

    StorageSessionQueue(Vertx vertx, IngestOptions options) {
        this.timeout = options.internalRequestTimeout();
        this.client = InternalApi.client(vertx, timeout, "storage");
        this.url = InternalApi.join(options.storageUrl(), options.storageSessionQueuePath());
    }

    @PreDestroy
    void close() {
        client.close();
    }

    @Override
    public Uni<QueuePage> page(SessionRef session, long after, int limit) {
        String target = url + query(session) + "&after=" + after + "&limit=" + limit;
        return InternalApi.bounded(() -> client.getAbs(target)
                        .putHeader("Accept", "application/json")
                        .timeout(timeout.toMillis())
                        .send(), timeout, "storage's session queue")
                .map(StorageSessionQueue::toPage);
    }

    @Override
    public Uni<Void> delete(SessionRef session, long upTo) {
        String target = url + query(session) + "&upTo=" + upTo;
        return InternalApi.bounded(() -> client.deleteAbs(target)
                        .timeout(timeout.toMillis())
                        .send(), timeout, "storage's session queue")
                .map(StorageSessionQueue::requireSuccess)
                .replaceWithVoid();
    }

    private static String query(SessionRef session) {
        return "?tenant=" + InternalApi.encode(session.tenant()) + "&clientId="
                + InternalApi.encode(session.clientId());
    }

    private static HttpResponse<Buffer> requireSuccess(HttpResponse<Buffer> response) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("storage's session queue answered " + response.statusCode());
        }
        return response;
    }

    /** The page in a {@code {"items":[{"seq","record"}],"nextAfter"}} answer. */
    static QueuePage toPage(HttpResponse<Buffer> response) {
        JsonObject body = requireSuccess(response).bodyAsJsonObject();
        return parsePage(body);
    }

    /** Reads a page answer; an answer without {@code items} is an empty last page. */
    static QueuePage parsePage(JsonObject body) {
        JsonArray array = body.getJsonArray("items", new JsonArray());
        List<QueuePage.QueueItem> items = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonObject item = array.getJsonObject(i);
            items.add(new QueuePage.QueueItem(item.getLong("seq"),
                    Base64.getDecoder().decode(item.getString("record"))));
        }
        Long nextAfter = body.getLong("nextAfter");
        return new QueuePage(items, nextAfter == null ? OptionalLong.empty() : OptionalLong.of(nextAfter));
    }
}
