package io.tsunagu.ingest.transport.amqp;

import io.tsunagu.contracts.amqp.LongString;
import io.tsunagu.ingest.codec.amqp.ConnectionMethod;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The connection.start we send (§1.4.2.1): protocol 0-9, server properties as RabbitMQ's clients read them, the SASL
 * mechanisms and locales.
 */
final class ServerProperties {

    /** The SASL mechanisms offered, space-separated (connection.start mechanisms). */
    static final String MECHANISMS = "PLAIN AMQPLAIN";
    /** The only message locale (connection.start locales), RabbitMQ's too. */
    static final String LOCALES = "en_US";

    private ServerProperties() {
    }

    /** connection.start for a server of {@code version}. */
    static ConnectionMethod.Start start(String version) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("product", "Tsunagu");
        properties.put("version", version);
        properties.put("platform", "Java");
        properties.put("copyright", "Tsunagu contributors");
        properties.put("information", "Tsunagu IoT ingestion: MQTT and AMQP 0-9-1");
        properties.put("capabilities", capabilities());
        // Protocol 0-9-1 is announced as major 0, minor 9 (§1.4.2.1; the revision is not carried), as RabbitMQ does.
        return new ConnectionMethod.Start(0, 9, properties, LongString.of(MECHANISMS), LongString.of(LOCALES));
    }

    /**
     * Only what is implemented: clients switch features on from these flags, so announcing one we do not serve
     * would break them. {@code authentication_failure_close}: a refused login gets connection.close 403 before the
     * socket closes; {@code publisher_confirms} and {@code basic.nack}: confirm.select with acks and nacks;
     * {@code consumer_cancel_notify}: basic.cancel from the server; {@code per_consumer_qos}: basic.qos global=false
     * applies per consumer; {@code exchange_exchange_bindings}: exchange.bind; {@code connection.blocked}: blocked and
     * unblocked when the hand-off to Kafka is backed up. Not yet: {@code consumer_priorities},
     * {@code direct_reply_to}.
     */
    private static Map<String, Object> capabilities() {
        Map<String, Object> capabilities = new LinkedHashMap<>();
        capabilities.put("authentication_failure_close", Boolean.TRUE);
        capabilities.put("publisher_confirms", Boolean.TRUE);
        capabilities.put("basic.nack", Boolean.TRUE);
        capabilities.put("consumer_cancel_notify", Boolean.TRUE);
        capabilities.put("per_consumer_qos", Boolean.TRUE);
        capabilities.put("exchange_exchange_bindings", Boolean.TRUE);
        capabilities.put("connection.blocked", Boolean.TRUE);
        return capabilities;
    }
}
