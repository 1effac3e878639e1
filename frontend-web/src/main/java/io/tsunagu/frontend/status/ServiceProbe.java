package io.tsunagu.frontend.status;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.tsunagu.frontend.config.FrontendOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Asks one service instance for its readiness ({@code /q/health/ready}) and its message counters
 * ({@code /q/metrics}), both at once, each bounded by the probe timeout. Never fails: an instance that cannot be
 * asked, or answers nonsense, is reported DOWN or without counters, with the reason.
 */
@ApplicationScoped
public class ServiceProbe {

    /** The readiness endpoint of every Tsunagu service (MicroProfile Health). */
    public static final String READINESS_PATH = "/q/health/ready";
    /** The Prometheus endpoint of every Tsunagu service. */
    public static final String METRICS_PATH = "/q/metrics";

    static final String MESSAGES_IN = "tsunagu_messages_in_total";
    static final String MESSAGES_OUT = "tsunagu_messages_out_total";
    static final String MESSAGES_STORED = "tsunagu_messages_stored_total";

    private static final Set<String> COUNTERS = Set.of(MESSAGES_IN, MESSAGES_OUT, MESSAGES_STORED);
    private static final int HTTP_OK = 200;
    /** MicroProfile Health answers 503 with the same JSON body when a check is DOWN. */
    private static final int HTTP_UNAVAILABLE = 503;
    private static final Logger LOG = Logger.getLogger(ServiceProbe.class);

    private final WebClient client;
    private final long timeoutMillis;
    private final MeterRegistry registry;

    ServiceProbe(WebClient client, FrontendOptions options, MeterRegistry registry) {
        this.client = client;
        this.timeoutMillis = options.probeTimeout().toMillis();
        this.registry = registry;
    }

    /** The status of {@code target}; completes within about the probe timeout and never with a failure. */
    public Uni<ServiceStatus> probe(ServiceTarget target) {
        return Uni.combine()
                .all()
                .unis(readiness(target), counters(target))
                .with((readiness, counters) -> toStatus(target, readiness, counters));
    }

    private Uni<Readiness> readiness(ServiceTarget target) {
        return get(target, READINESS_PATH)
                .map(ServiceProbe::toReadiness)
                .onFailure()
                .recoverWithItem(failure -> Readiness.unreachable(describe(failure)))
                .invoke(readiness -> countFailure(target, "readiness", readiness.error()));
    }

    private Uni<Counters> counters(ServiceTarget target) {
        return get(target, METRICS_PATH)
                .map(ServiceProbe::toCounters)
                .onFailure()
                .recoverWithItem(failure -> Counters.unknown(describe(failure)))
                .invoke(counters -> countFailure(target, "metrics", counters.error()));
    }

    private Uni<HttpResponse<Buffer>> get(ServiceTarget target, String path) {
        return client.getAbs(target.url(path))
                .timeout(timeoutMillis)
                .send();
    }

    static Readiness toReadiness(HttpResponse<Buffer> response) {
        if (response.statusCode() != HTTP_OK && response.statusCode() != HTTP_UNAVAILABLE) {
            return Readiness.unreachable("readiness answered HTTP " + response.statusCode());
        }
        try {
            JsonObject body = new JsonObject(response.bodyAsString());
            return new Readiness(Health.of(body.getString("status")), toChecks(body.getJsonArray("checks")), null);
        } catch (DecodeException | ClassCastException e) {
            return Readiness.unreachable("readiness answer is not MicroProfile Health JSON");
        }
    }

    private static List<HealthCheck> toChecks(JsonArray checks) {
        List<HealthCheck> result = new ArrayList<>();
        if (checks != null) {
            for (int i = 0; i < checks.size(); i++) {
                JsonObject check = checks.getJsonObject(i);
                result.add(new HealthCheck(check.getString("name", "unnamed"), Health.of(check.getString("status"))));
            }
        }
        return result;
    }

    static Counters toCounters(HttpResponse<Buffer> response) {
        if (response.statusCode() != HTTP_OK) {
            return Counters.unknown("metrics answered HTTP " + response.statusCode());
        }
        Map<String, Double> sums = PrometheusText.sums(response.bodyAsString(), COUNTERS);
        return new Counters(rounded(sums.get(MESSAGES_IN)), rounded(sums.get(MESSAGES_OUT)),
                rounded(sums.get(MESSAGES_STORED)), null);
    }

    private static Long rounded(Double value) {
        return value == null ? null : Math.round(value);
    }

    private static ServiceStatus toStatus(ServiceTarget target, Readiness readiness, Counters counters) {
        // an instance that cannot be reached fails both requests alike: say so once
        List<String> errors = Stream.of(readiness.error(), counters.error())
                .filter(Objects::nonNull)
                .distinct()
                .toList();
        String error = errors.isEmpty() ? null : String.join("; ", errors);
        return new ServiceStatus(target.service(), target.baseUrl(), readiness.status(), readiness.checks(), error,
                counters.in(), counters.out(), counters.stored());
    }

    private void countFailure(ServiceTarget target, String endpoint, String error) {
        if (error != null) {
            LOG.debugf("%s %s %s: %s", target.service(), target.baseUrl(), endpoint, error);
            registry.counter("tsunagu.frontend.probe.failures", "service", target.service(), "endpoint", endpoint)
                    .increment();
        }
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return "unreachable: " + (message == null || message.isBlank() ? failure.getClass().getSimpleName() : message);
    }

    /** What the readiness endpoint said, or why it could not be asked (then DOWN without checks). */
    record Readiness(Health status, List<HealthCheck> checks, String error) {

        static Readiness unreachable(String error) {
            return new Readiness(Health.DOWN, List.of(), error);
        }
    }

    /** The counter sums, or why they are unknown (then all null). */
    record Counters(Long in, Long out, Long stored, String error) {

        static Counters unknown(String error) {
            return new Counters(null, null, null, error);
        }
    }
}
