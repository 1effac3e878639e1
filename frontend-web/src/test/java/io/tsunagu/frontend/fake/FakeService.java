package io.tsunagu.frontend.fake;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.TimeUnit;

/**
 * A small real HTTP server standing in for one Tsunagu service: it serves a MicroProfile-Health-shaped
 * {@code /q/health/ready}, a Prometheus-text {@code /q/metrics} and, for storage's REST API, one settable answer to
 * every {@code /api/...} request (remembering the last such request), and can be told to answer DOWN, answer
 * nonsense, never answer, or refuse connections altogether.
 */
public final class FakeService {

    /** The readiness check every fake lists. */
    public static final String CHECK = "Kafka connection health check";

    private static final String HOST = "127.0.0.1";
    private static final long AWAIT_SECONDS = 10;

    private final Vertx vertx;
    private final String name;
    private volatile Reply reply;
    private volatile ApiReply apiReply = ApiReply.EMPTY;
    private volatile String lastApiRequest;
    private volatile HttpServer server;
    private int port;

    /**
     * What the fake answers, replaced as a whole so each request sees one consistent reply.
     *
     * @param readinessCode HTTP status of {@code /q/health/ready}
     * @param readinessBody its body
     * @param metricsCode HTTP status of {@code /q/metrics}
     * @param metricsBody its body
     * @param hang when true, accept requests and never answer them
     */
    public record Reply(int readinessCode, String readinessBody, int metricsCode, String metricsBody, boolean hang) {
    }

    /**
     * What the fake answers to any {@code /api/...} request.
     *
     * @param status the HTTP status
     * @param contentType the Content-Type header
     * @param body the body
     */
    public record ApiReply(int status, String contentType, String body) {

        /** The answer until a test sets another: an empty JSON page. */
        public static final ApiReply EMPTY = new ApiReply(200, "application/json", "{\"items\":[]}");
    }

    FakeService(Vertx vertx, String name, String metrics) {
        this.vertx = vertx;
        this.name = name;
        this.reply = up(metrics);
        listen(0);
    }

    /** The base URL, as the frontend is configured with it. */
    public String url() {
        return "http://" + HOST + ":" + port;
    }

    /** The name of the service this fake stands in for. */
    public String name() {
        return name;
    }

    /** Answer readiness UP (HTTP 200) and serve {@code metrics}. */
    public void answerUp(String metrics) {
        reply = up(metrics);
    }

    /** Answer readiness DOWN with HTTP 503, as MicroProfile Health does, with the check DOWN. */
    public void answerDown() {
        reply = new Reply(503, health("DOWN"), 200, reply.metricsBody(), false);
    }

    /** Answer exactly {@code reply}. */
    public void answer(Reply reply) {
        this.reply = reply;
    }

    /** The reply in force, to build a variant of it. */
    public Reply currentReply() {
        return reply;
    }

    /** Answer every {@code /api/...} request with {@code apiReply}. */
    public void answerApi(ApiReply apiReply) {
        this.apiReply = apiReply;
    }

    /** The path and raw query ({@code /api/x?a=b}) of the last {@code /api/...} request, or null. */
    public String lastApiRequest() {
        return lastApiRequest;
    }

    /** Accept connections and requests, and never answer. */
    public void hang() {
        reply = new Reply(0, "", 0, "", true);
    }

    /** Stop listening, so that connecting is refused. */
    public void refuseConnections() {
        HttpServer listening = server;
        if (listening != null) {
            server = null;
            await(listening.close());
        }
    }

    /** Listen again if needed and answer UP with {@code metrics}. */
    void reset(String metrics) {
        reply = up(metrics);
        apiReply = ApiReply.EMPTY;
        lastApiRequest = null;
        if (server == null) {
            listen(port);
        }
    }

    void close() {
        refuseConnections();
    }

    /** A readiness body in the MicroProfile Health format with one check in {@code status}. */
    public static String health(String status) {
        return """
                {"status":"%s","checks":[{"name":"%s","status":"%s","data":{"bootstrap.servers":"127.0.0.1:9092"}}]}
                """.formatted(status, CHECK, status);
    }

    private static Reply up(String metrics) {
        return new Reply(200, health("UP"), 200, metrics, false);
    }

    private void listen(int requestedPort) {
        HttpServer created = vertx.createHttpServer(new HttpServerOptions().setHost(HOST).setPort(requestedPort));
        created.requestHandler(this::handle);
        server = await(created.listen());
        port = server.actualPort();
    }

    private void handle(HttpServerRequest request) {
        Reply current = reply;
        if (current.hang()) {
            return;
        }
        if (request.path().startsWith("/api/")) {
            handleApi(request);
            return;
        }
        switch (request.path()) {
            case "/q/health/ready" -> request.response()
                    .setStatusCode(current.readinessCode())
                    .putHeader("Content-Type", "application/json")
                    .end(current.readinessBody());
            case "/q/metrics" -> request.response()
                    .setStatusCode(current.metricsCode())
                    .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(current.metricsBody());
            default -> request.response().setStatusCode(404).end();
        }
    }

    private void handleApi(HttpServerRequest request) {
        ApiReply current = apiReply;
        lastApiRequest = request.uri();
        request.response()
                .setStatusCode(current.status())
                .putHeader("Content-Type", current.contentType())
                .end(current.body());
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(AWAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("fake service did not start or stop in time", e);
        }
    }
}
