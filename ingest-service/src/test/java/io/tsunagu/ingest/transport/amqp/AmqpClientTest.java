package io.tsunagu.ingest.transport.amqp;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.support.NodeIdTestResource;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The RabbitMQ Java client against the AMQP 0-9-1 listener: handshake, tuning, channels, capabilities. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class AmqpClientTest {

    @Inject
    AmqpListener listener;

    private ConnectionFactory factory() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("localhost");
        factory.setPort(listener.actualPort());
        factory.setUsername("guest");
        factory.setPassword("guest");
        // A server-sent connection.close is a test's expected outcome, not something to recover from.
        factory.setAutomaticRecoveryEnabled(false);
        return factory;
    }

    @Test
    void plainLoginSeesTheServerPropertiesAndOnlyImplementedCapabilities() throws IOException, TimeoutException {
        try (Connection connection = factory().newConnection()) {
            Map<String, Object> properties = connection.getServerProperties();

            assertThat(properties.get("product")).hasToString("Tsunagu");
            assertThat(properties.get("platform")).hasToString("Java");
            assertThat(properties).containsKeys("version", "copyright", "information");
            @SuppressWarnings("unchecked")
            Map<String, Object> capabilities = (Map<String, Object>) properties.get("capabilities");
            assertThat(capabilities).containsOnly(Map.entry("authentication_failure_close", true),
                    Map.entry("publisher_confirms", true), Map.entry("basic.nack", true),
                    Map.entry("consumer_cancel_notify", true), Map.entry("per_consumer_qos", true),
                    Map.entry("exchange_exchange_bindings", true), Map.entry("connection.blocked", true));
        }
    }

    @Test
    void serverLimitsApplyWhenTheClientAsksForNone() throws IOException, TimeoutException {
        ConnectionFactory factory = factory();
        factory.setRequestedFrameMax(0);
        factory.setRequestedChannelMax(0);
        try (Connection connection = factory.newConnection()) {
            assertThat(connection.getFrameMax()).isEqualTo(131_072);
            assertThat(connection.getChannelMax()).isEqualTo(2047);
            assertThat(connection.getHeartbeat()).isEqualTo(60);
        }
    }

    @Test
    void clientMayLowerFrameMaxChannelMaxAndHeartbeat() throws IOException, TimeoutException {
        ConnectionFactory factory = factory();
        factory.setRequestedFrameMax(65_536);
        factory.setRequestedChannelMax(100);
        factory.setRequestedHeartbeat(30);
        try (Connection connection = factory.newConnection()) {
            assertThat(connection.getFrameMax()).isEqualTo(65_536);
            assertThat(connection.getChannelMax()).isEqualTo(100);
            assertThat(connection.getHeartbeat()).isEqualTo(30);
        }
    }

    @Test
    void channelsOpenAndCloseAndTheConnectionClosesCleanly() throws IOException, TimeoutException {
        Connection connection = factory().newConnection();
        Channel first = connection.createChannel();
        Channel second = connection.createChannel();
        assertThat(first.isOpen()).isTrue();
        assertThat(second.getChannelNumber()).isNotEqualTo(first.getChannelNumber());

        first.close();
        second.close();
        Channel again = connection.createChannel(first.getChannelNumber());
        assertThat(again).isNotNull();
        connection.close();

        assertThat(connection.isOpen()).isFalse();
        assertThat(connection.getCloseReason().isInitiatedByApplication()).isTrue();
    }

    @Test
    void publishWithImmediateClosesTheConnectionWith540NotImplemented() throws IOException, TimeoutException {
        Connection connection = factory().newConnection();
        Channel channel = connection.createChannel();

        channel.basicPublish("", "orders", false, true, null, new byte[] {1});

        await().atMost(Duration.ofSeconds(10)).until(() -> !connection.isOpen());
        ShutdownSignalException shutdown = connection.getCloseReason();
        assertThat(shutdown.isHardError()).isTrue();
        AMQP.Connection.Close close = (AMQP.Connection.Close) shutdown.getReason();
        assertThat(close.getReplyCode()).isEqualTo(540);
        assertThat(close.getReplyText()).isEqualTo("NOT_IMPLEMENTED - immediate=true");
        assertThat(close.getClassId()).isEqualTo(60);
        assertThat(close.getMethodId()).isEqualTo(40);
    }

    @Test
    void readinessReportsTheAmqpListenerAndMetricsItsConnections() throws IOException, TimeoutException {
        try (Connection connection = factory().newConnection()) {
            given().get("/q/health/ready")
                    .then().statusCode(200)
                    .body("checks.name", hasItem("amqp-listener"));
            given().get("/q/metrics")
                    .then().statusCode(200)
                    .body(containsString("tsunagu_ingest_amqp_connections{service=\"ingest\"}"))
                    .body(containsString("tsunagu_ingest_amqp_connections_refused_total"));
            assertThat(connection.isOpen()).isTrue();
        }
    }
}
