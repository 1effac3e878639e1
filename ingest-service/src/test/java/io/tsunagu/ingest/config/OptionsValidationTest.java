package io.tsunagu.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import io.tsunagu.contracts.stream.Streams;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsValidationTest {

    @Test
    void defaultsAreValid() {
        assertThat(OptionsValidation.problems(options(Map.of("tsunagu.ingest.node-id", "ingest-0")))).isEmpty();
    }

    @Test
    void defaultsMatchTheDocumentedValues() {
        IngestOptions.Mqtt mqtt = options(Map.of("tsunagu.ingest.node-id", "ingest-0")).mqtt();

        assertThat(mqtt.port()).isEqualTo(1883);
        assertThat(mqtt.host()).isEqualTo("0.0.0.0");
        assertThat(mqtt.maxPacketSize().asLongValue()).isEqualTo(1_048_576);
        assertThat(mqtt.maxClientIdLength()).isEqualTo(256);
        assertThat(mqtt.receiveMaximum()).isEqualTo(64);
        assertThat(mqtt.maxClientIdLengthMqtt31()).isEqualTo(23);
        assertThat(mqtt.maxConnections()).isEqualTo(100_000);
        assertThat(mqtt.topicAliasMaximum()).isEqualTo(16);
    }

    @Test
    void nodeIdThatCannotNameAKafkaTopicIsReported() {
        assertThat(OptionsValidation.problems(options(Map.of("tsunagu.ingest.node-id", "node/1"))))
                .singleElement().asString().contains("TSUNAGU_INGEST_NODE_ID");
    }

    @Test
    void limitsOutsideTheProtocolsBoundsAreReported() {
        Map<String, String> values = Map.of(
                "tsunagu.ingest.node-id", "ingest-0",
                "tsunagu.ingest.mqtt.receive-maximum", "0",
                "tsunagu.ingest.mqtt.max-client-id-length", "8",
                "tsunagu.ingest.mqtt.max-keep-alive", "70000s",
                "tsunagu.ingest.mqtt.max-packet-size", "512M");

        // The client-id limit of 8 breaks both its own bound and the MQTT 3.1 limit (23) it must not be below.
        assertThat(OptionsValidation.problems(options(values))).hasSize(5);
    }

    @Test
    void newLimitsOutsideTheirBoundsAreReported() {
        Map<String, String> values = Map.of(
                "tsunagu.ingest.node-id", "ingest-0",
                "tsunagu.ingest.mqtt.max-client-id-length-mqtt31", "300",
                "tsunagu.ingest.mqtt.max-connections", "0",
                "tsunagu.ingest.mqtt.topic-alias-maximum", "70000");

        assertThat(OptionsValidation.problems(options(values))).hasSize(3);
    }

    @Test
    void sessionSettingsOutsideTheirBoundsAreReported() {
        Map<String, String> values = Map.of(
                "tsunagu.ingest.node-id", "ingest-0",
                "tsunagu.ingest.mqtt.max-session-expiry", "4294967296s",
                "tsunagu.ingest.mqtt.takeover-timeout", "0s",
                "tsunagu.ingest.routing-url", "not a url",
                "tsunagu.ingest.session-queue.page-size", "0");

        assertThat(OptionsValidation.problems(options(values))).hasSize(4);
    }

    @Test
    void inconsistentTlsSettingsAreReported() {
        Map<String, String> values = Map.of(
                "tsunagu.ingest.node-id", "ingest-0",
                "tsunagu.ingest.tls.cert-file", "/nonexistent/server.pem",
                "tsunagu.ingest.tls.client-auth", "required",
                "tsunagu.ingest.ws.port", "70000",
                "tsunagu.ingest.wss.max-frame-size", "64");

        // cert without key, unreadable cert, client-auth without a CA, the port, the frame size.
        assertThat(OptionsValidation.problems(options(values))).hasSize(5);
    }

    @Test
    void topicLengthAboveWhatStorageCanIndexIsReported() {
        Map<String, String> values = Map.of(
                "tsunagu.ingest.node-id", "ingest-0",
                "tsunagu.ingest.mqtt.max-topic-length", "4096");

        assertThat(OptionsValidation.problems(options(values))).singleElement().asString().contains("2048");
    }

    @Test
    void certificateIdentityNeedsClientCertificates() {
        Map<String, String> values = Map.of(
                "tsunagu.ingest.node-id", "ingest-0",
                "tsunagu.ingest.tls.use-identity-as-username", "true");

        assertThat(OptionsValidation.problems(options(values))).singleElement().asString()
                .contains("use-identity-as-username");
    }

    @Test
    void listenerDefaultsMatchTheDocumentedPorts() {
        IngestOptions options = options(Map.of("tsunagu.ingest.node-id", "ingest-0"));

        assertThat(options.mqttTls().port()).isEqualTo(8883);
        assertThat(options.ws().port()).isEqualTo(8000);
        assertThat(options.wss().port()).isEqualTo(8443);
        assertThat(options.ws().enabled()).isTrue();
        assertThat(options.tls().certFile()).isEmpty();
        assertThat(options.tls().clientAuth()).isEqualTo(IngestOptions.Tls.ClientAuthMode.NONE);
    }

    @Test
    void sessionDefaultsMatchTheDocumentedValues() {
        IngestOptions options = options(Map.of("tsunagu.ingest.node-id", "ingest-0"));

        assertThat(options.mqtt().maxSessionExpiry().toSeconds()).isEqualTo(0xFFFF_FFFFL);
        assertThat(options.mqtt().takeoverTimeout().toSeconds()).isEqualTo(5);
        assertThat(options.heartbeatInterval().toSeconds()).isEqualTo(5);
        assertThat(options.sessionQueue().storageGroup()).isEqualTo("tsunagu-storage-session-queue");
    }

    @Test
    void amqpDefaultsMatchTheDocumentedValues() {
        IngestOptions.Amqp amqp = options(Map.of("tsunagu.ingest.node-id", "ingest-0")).amqp();

        assertThat(amqp.enabled()).isTrue();
        assertThat(amqp.host()).isEqualTo("0.0.0.0");
        assertThat(amqp.port()).isEqualTo(5672);
        assertThat(amqp.frameMax().asLongValue()).isEqualTo(131_072);
        assertThat(amqp.channelMax()).isEqualTo(2047);
        assertThat(amqp.heartbeat()).isEqualTo(Duration.ofSeconds(60));
        assertThat(amqp.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(amqp.maxConnections()).isEqualTo(100_000);
    }

    @Test
    void amqpLimitsOutsideTheProtocolsBoundsAreReported() {
        Map<String, String> values = Map.of(
                "tsunagu.ingest.node-id", "ingest-0",
                "tsunagu.ingest.amqp.port", "70000",
                "tsunagu.ingest.amqp.frame-max", "4095",
                "tsunagu.ingest.amqp.channel-max", "65536",
                "tsunagu.ingest.amqp.heartbeat", "1500ms",
                "tsunagu.ingest.amqp.handshake-timeout", "0s",
                "tsunagu.ingest.amqp.max-connections", "0");

        assertThat(OptionsValidation.problems(options(values))).hasSize(6)
                .allSatisfy(problem -> assertThat(problem).startsWith("tsunagu.ingest.amqp."));
    }

    @Test
    void amqpFrameMaxOfTheSpecsMinimumAndNoHeartbeatAreValid() {
        Map<String, String> values = Map.of(
                "tsunagu.ingest.node-id", "ingest-0",
                "tsunagu.ingest.amqp.frame-max", "4096",
                "tsunagu.ingest.amqp.heartbeat", "0s");

        assertThat(OptionsValidation.problems(options(values))).isEmpty();
    }

    @Test
    void defaultNodeIdIsTheHostnameElseARandomValidId() {
        String nodeId = new NodeIdConfigSource().getValue(NodeIdConfigSource.NODE_ID);
        String hostname = System.getenv("HOSTNAME");

        if (hostname == null || hostname.isBlank()) {
            assertThat(nodeId).matches("ingest-[0-9a-f]{8}");
            assertThat(Streams.isValidNodeId(nodeId)).isTrue();
        } else {
            assertThat(nodeId).isEqualTo(hostname.trim());
        }
        assertThat(new NodeIdConfigSource().getOrdinal()).isLessThan(250);
    }

    private static IngestOptions options(Map<String, String> values) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(IngestOptions.class)
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new MapBackedConfigSource("test", values) {
                    private static final long serialVersionUID = 1L;
                })
                .build();
        return config.getConfigMapping(IngestOptions.class);
    }
}
