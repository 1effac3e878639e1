package io.tsunagu.frontend.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tsunagu.frontend.config.FrontendOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Configured service URLs are checked at startup, so a typo stops the start instead of showing DOWN forever. */
class ServiceTargetTest {

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8081", "https://ingest.example:443", "http://10.0.0.7:8081/base"})
    void absoluteHttpUrlsAreAccepted(String url) {
        assertThat(ServiceTarget.of("ingest", url).baseUrl()).isEqualTo(url);
    }

    @Test
    void trailingSlashesAndSpacesAreDropped() {
        assertThat(ServiceTarget.of("ingest", " http://localhost:8081// ").url("/q/metrics"))
                .isEqualTo("http://localhost:8081/q/metrics");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:8081", "ftp://localhost:8081", "http:///q", "not a url", "/relative",
        "http://localhost:8081?x=1", "http://localhost:8081#top", ""})
    void anythingElseIsRefused(String url) {
        assertThatThrownBy(() -> ServiceTarget.of("routing", url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("routing URL");
    }

    @Test
    void targetsListTheIngestNodesThenRoutingThenStorage() {
        List<ServiceTarget> targets = StatusTargets.from(new Options(List.of("http://a:1", "http://b:2")));

        assertThat(targets).containsExactly(
                new ServiceTarget("ingest", "http://a:1"),
                new ServiceTarget("ingest", "http://b:2"),
                new ServiceTarget("routing", "http://r:3"),
                new ServiceTarget("storage", "http://s:4"));
    }

    @Test
    void atLeastOneIngestNodeIsRequired() {
        assertThatThrownBy(() -> StatusTargets.from(new Options(List.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tsunagu.frontend.ingest-urls");
    }

    /** Options as they would be configured, with fixed routing and storage URLs. */
    private record Options(List<String> ingestUrls) implements FrontendOptions {

        @Override
        public String routingUrl() {
            return "http://r:3";
        }

        @Override
        public String storageUrl() {
            return "http://s:4";
        }

        @Override
        public Duration probeTimeout() {
            return Duration.ofSeconds(2);
        }

        @Override
        public Duration refreshInterval() {
            return Duration.ofSeconds(5);
        }

        @Override
        public Duration rateWindow() {
            return Duration.ofSeconds(10);
        }

        @Override
        public Duration storageTimeout() {
            return Duration.ofSeconds(10);
        }

        @Override
        public Mqtt mqtt() {
            throw new UnsupportedOperationException("the status targets do not read the dashboard's settings");
        }
    }
}
