package io.tsunagu.ingest.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.tsunagu.contracts.codec.SessionCodec;
import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.SessionState;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.infra.LocalInfra;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Stands in for routing-service's session lookup ({@code GET /internal/sessions?tenant=&clientId=}) in this module's
 * tests, from the real session stream: it answers the latest CONNECTED or DISCONNECTED record of the session written
 * since the stand-in started (200, session codec), or 404 when that is ENDED or there is none. Like routing, it reads
 * up to the stream's end as of the request (read-your-writes). It applies none of routing's other rules (node epochs,
 * holder checks, timers): the e2e tests run the real routing.
 */
public final class SessionLookupStandIn implements QuarkusTestResourceLifecycleManager {

    private HttpServer server;
    private KafkaTestClient kafka;
    private Map<TopicPartition, Long> start;

    @Override
    public Map<String, String> start() {
        kafka = new KafkaTestClient(LocalInfra.get().kafkaBootstrapServers());
        start = kafka.endOffsets(Streams.SESSION);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("session lookup stand-in not started", e);
        }
        server.createContext("/internal/sessions", this::lookUp);
        server.start();
        return Map.of("tsunagu.ingest.routing-url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private void lookUp(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        SessionEvent latest = latest(query.get("tenant"), query.get("clientId"));
        if (latest == null || latest.state() == SessionState.ENDED) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        byte[] body = SessionCodec.encode(latest);
        exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** The session's latest state record (TAKEOVER requests are not states), or null. */
    private SessionEvent latest(String tenant, String clientId) {
        String key = Streams.sessionKey(tenant, clientId);
        TopicPartition partition = kafka.partitionFor(Streams.SESSION, key);
        long end = kafka.endOffsets(Streams.SESSION).get(partition);
        List<ConsumerRecord<String, byte[]>> records = kafka.readRange(partition, start.get(partition), end);
        SessionEvent latest = null;
        for (ConsumerRecord<String, byte[]> record : records) {
            if (key.equals(record.key()) && record.value() != null) {
                SessionEvent event = SessionCodec.decode(record.value());
                latest = event.state() == SessionState.TAKEOVER ? latest : event;
            } else if (key.equals(record.key())) {
                latest = null;
            }
        }
        return latest;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                values.put(pair.substring(0, equals),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }
}
