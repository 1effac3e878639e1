package io.tsunagu.frontend.fake;

import io.vertx.core.Vertx;
import java.util.List;

/**
 * The fake platform the frontend is pointed at in tests: two ingest nodes, routing and storage, each a real
 * HTTP server on a free port of 127.0.0.1, with Micrometer-shaped metrics (several tagged series per counter).
 */
public final class FakeServices implements AutoCloseable {

    /** Ingest node A: messages in 7 + 3 = 10 over two protocol series, out 4. */
    public static final String INGEST_A_METRICS = """
            # HELP tsunagu_messages_in_total Messages accepted from clients
            # TYPE tsunagu_messages_in_total counter
            tsunagu_messages_in_total{protocol="mqtt",service="ingest",} 7.0
            tsunagu_messages_in_total{protocol="amqp",service="ingest",} 3.0
            # HELP tsunagu_messages_out_total Messages delivered to subscribers
            # TYPE tsunagu_messages_out_total counter
            tsunagu_messages_out_total{service="ingest",} 4.0
            # TYPE http_server_requests_seconds_count counter
            http_server_requests_seconds_count{method="GET",outcome="SUCCESS",status="200",uri="/q/metrics",} 12.0
            """;

    /** Ingest node B: messages in 5, out 6 over two series whose labels hold awkward characters. */
    public static final String INGEST_B_METRICS = """
            # TYPE tsunagu_messages_in_total counter
            tsunagu_messages_in_total{service="ingest"} 5 1700000000000
            # TYPE tsunagu_messages_out_total counter
            tsunagu_messages_out_total{reason="a} b \\"c\\" 9",service="ingest"} 2.0
            tsunagu_messages_out_total{reason="plain",service="ingest"} 4.0E0
            tsunagu_messages_in_total_created{service="ingest"} 1.7E9
            """;

    /** Routing: in 15, out 20. */
    public static final String ROUTING_METRICS = """
            # TYPE tsunagu_messages_in_total counter
            tsunagu_messages_in_total{service="routing",stream="tsunagu.publish",} 15.0
            # TYPE tsunagu_messages_out_total counter
            tsunagu_messages_out_total{node="a",service="routing",} 12.0
            tsunagu_messages_out_total{node="b",service="routing",} 8.0
            """;

    /** Storage: in 15, stored 14. */
    public static final String STORAGE_METRICS = """
            # TYPE tsunagu_messages_in_total counter
            tsunagu_messages_in_total{service="storage",} 15.0
            # TYPE tsunagu_messages_stored_total counter
            tsunagu_messages_stored_total{service="storage",} 14.0
            """;

    private final Vertx vertx;
    private final FakeService ingestA;
    private final FakeService ingestB;
    private final FakeService routing;
    private final FakeService storage;

    private FakeServices(Vertx vertx) {
        this.vertx = vertx;
        this.ingestA = new FakeService(vertx, "ingest", INGEST_A_METRICS);
        this.ingestB = new FakeService(vertx, "ingest", INGEST_B_METRICS);
        this.routing = new FakeService(vertx, "routing", ROUTING_METRICS);
        this.storage = new FakeService(vertx, "storage", STORAGE_METRICS);
    }

    /** Starts the four fakes on their own Vert.x instance (test code: the application's Vert.x is not ours). */
    static FakeServices start() {
        return new FakeServices(Vertx.vertx());
    }

    public FakeService ingestA() {
        return ingestA;
    }

    public FakeService ingestB() {
        return ingestB;
    }

    public FakeService routing() {
        return routing;
    }

    public FakeService storage() {
        return storage;
    }

    /** All four, in the order the frontend lists them. */
    public List<FakeService> all() {
        return List.of(ingestA, ingestB, routing, storage);
    }

    /** Every fake listening and answering UP with its default metrics. */
    public void reset() {
        ingestA.reset(INGEST_A_METRICS);
        ingestB.reset(INGEST_B_METRICS);
        routing.reset(ROUTING_METRICS);
        storage.reset(STORAGE_METRICS);
    }

    @Override
    public void close() {
        all().forEach(FakeService::close);
        vertx.close();
    }
}
