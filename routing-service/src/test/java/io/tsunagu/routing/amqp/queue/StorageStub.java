package io.tsunagu.routing.amqp.queue;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for storage-service's internal topology API (a third-party system to routing's tests, which run
 * without storage): records each request as "METHOD path" and answers 204. The test profile points the queue
 * owners' storage URL at it.
 */
public final class StorageStub implements QuarkusTestProfile {

    private static final List<String> REQUESTS = new CopyOnWriteArrayList<>();
    private static HttpServer server;

    /** The requests received so far. */
    static List<String> requests() {
        return REQUESTS;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("tsunagu.routing.queues.storage-url", "http://127.0.0.1:" + start());
    }

    private static synchronized int start() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                REQUESTS.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
        }
        return server.getAddress().getPort();
    }
}
