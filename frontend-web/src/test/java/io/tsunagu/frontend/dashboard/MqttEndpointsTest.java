package io.tsunagu.frontend.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The WebSocket URLs the browser gets: derived from the page's address, or configured and checked at startup. */
class MqttEndpointsTest {

    @Test
    void pageOverHttpGetsPlainWebSocketOnTheSameHost() {
        assertThat(MqttEndpoints.derived(URI.create("http://dashboard.example:8080/"), 8000))
                .isEqualTo("ws://dashboard.example:8000/mqtt");
    }

    @Test
    void pageOverHttpsGetsSecureWebSocket() {
        assertThat(MqttEndpoints.derived(URI.create("https://dashboard.example/"), 8443))
                .isEqualTo("wss://dashboard.example:8443/mqtt");
    }

    @Test
    void ipv6HostKeepsItsBrackets() {
        assertThat(MqttEndpoints.derived(URI.create("http://[::1]:8080/"), 8000)).isEqualTo("ws://[::1]:8000/mqtt");
    }

    @Test
    void configuredUrlsAreKeptInOrderWithoutSpaces() {
        assertThat(MqttEndpoints.checked(List.of(" wss://a.example/mqtt", "ws://10.0.0.7:8000/mqtt ")))
                .containsExactly("wss://a.example/mqtt", "ws://10.0.0.7:8000/mqtt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://a.example/mqtt", "a.example:8000", "ws:///mqtt", "not a url", ""})
    void anythingButAnAbsoluteWebSocketUrlIsRefused(String url) {
        assertThatThrownBy(() -> MqttEndpoints.checked(List.of(url)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MQTT WebSocket URL");
    }
}
