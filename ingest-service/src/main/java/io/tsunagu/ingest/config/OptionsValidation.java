package io.tsunagu.ingest.config;

import io.tsunagu.contracts.stream.Streams;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Checks the configuration against the protocol's bounds, so that a bad value stops the start, not a connection. */
public final class OptionsValidation {

    /** The largest MQTT packet: a four-byte Remaining Length (MQTT 5 §1.5.5). */
    static final long MAX_MQTT_PACKET = 268_435_455L;
    /** Keep Alive and Receive Maximum are two-byte integers (MQTT 5 §3.1.2.10, §3.2.2.3.3). */
    static final int MAX_TWO_BYTE = 65_535;
    /** Servers must accept client identifiers of 1 to 23 bytes [MQTT-3.1.3-5]. */
    static final int MIN_CLIENT_ID_LENGTH = 23;
    /** The Session Expiry Interval is a four-byte integer (MQTT 5 §3.1.2.11.2). */
    static final long MAX_FOUR_BYTE = 0xFFFF_FFFFL;
    /**
     * Storage indexes topics in PostgreSQL B-trees, whose entries hold at most about 2,700 bytes (a third of a page);
     * 2048 leaves room for the tenant and the other key columns.
     */
    static final int MAX_STORED_TOPIC = 2048;
    /** AMQP 0-9-1 frame-min-size (§4.2.3): the smallest frame-max a peer may set. */
    static final long MIN_AMQP_FRAME = 4096;
    /** Netty reads a WebSocket frame's payload length into an int. */
    static final long MAX_FRAME = Integer.MAX_VALUE;

    private OptionsValidation() {
    }

    /** What is wrong with {@code options}; empty when nothing is. */
    public static List<String> problems(IngestOptions options) {
        List<String> problems = new ArrayList<>();
        if (!Streams.isValidNodeId(options.nodeId())) {
            problems.add("tsunagu.ingest.node-id '" + options.nodeId() + "' must be 1 to "
                    + Streams.MAX_NODE_ID_LENGTH + " characters of [A-Za-z0-9._-] (set TSUNAGU_INGEST_NODE_ID)");
        }
        IngestOptions.Mqtt mqtt = options.mqtt();
        check(problems, mqtt.port() >= 0 && mqtt.port() <= MAX_TWO_BYTE, "tsunagu.ingest.mqtt.port must be 0..65535");
        check(problems, mqtt.listenerInstances().orElse(1) >= 1, "tsunagu.ingest.mqtt.listener-instances must be >= 1");
        long packet = mqtt.maxPacketSize().asLongValue();
        check(problems, packet >= 128 && packet <= MAX_MQTT_PACKET,
                "tsunagu.ingest.mqtt.max-packet-size must be 128 bytes .. 256MB");
        check(problems, mqtt.maxClientIdLength() >= MIN_CLIENT_ID_LENGTH && mqtt.maxClientIdLength() <= MAX_TWO_BYTE,
                "tsunagu.ingest.mqtt.max-client-id-length must be 23..65535");
        check(problems, mqtt.maxClientIdLengthMqtt31() >= MIN_CLIENT_ID_LENGTH
                && mqtt.maxClientIdLengthMqtt31() <= mqtt.maxClientIdLength(),
                "tsunagu.ingest.mqtt.max-client-id-length-mqtt31 must be 23..max-client-id-length");
        check(problems, mqtt.maxConnections() >= 1, "tsunagu.ingest.mqtt.max-connections must be >= 1");
        check(problems, mqtt.topicAliasMaximum() >= 0 && mqtt.topicAliasMaximum() <= MAX_TWO_BYTE,
                "tsunagu.ingest.mqtt.topic-alias-maximum must be 0..65535");
        check(problems, mqtt.maxTopicLength() >= 1 && mqtt.maxTopicLength() <= MAX_STORED_TOPIC,
                "tsunagu.ingest.mqtt.max-topic-length must be 1..2048 (storage indexes every topic)");
        check(problems, mqtt.maxTopicLevels() >= 1, "tsunagu.ingest.mqtt.max-topic-levels must be >= 1");
        long keepAlive = mqtt.maxKeepAlive().toSeconds();
        check(problems, keepAlive >= 1 && keepAlive <= MAX_TWO_BYTE,
                "tsunagu.ingest.mqtt.max-keep-alive must be 1s..65535s");
        check(problems, !mqtt.connectTimeout().isNegative() && !mqtt.connectTimeout().isZero(),
                "tsunagu.ingest.mqtt.connect-timeout must be positive");
        checkWindows(problems, mqtt);
        checkSessions(problems, options);
        checkListeners(problems, options);
        checkTls(problems, options.tls());
        checkAmqp(problems, options.amqp());
        checkAmqp10(problems, options.amqp10());
        return problems;
    }

    private static void checkListeners(List<String> problems, IngestOptions options) {
        checkPort(problems, options.mqttTls().port(), "mqtt-tls");
        checkPort(problems, options.ws().port(), "ws");
        checkPort(problems, options.wss().port(), "wss");
        checkFrameSize(problems, options.ws().maxFrameSize().asLongValue(), "ws");
        checkFrameSize(problems, options.wss().maxFrameSize().asLongValue(), "wss");
    }

    /** AMQP 0-9-1 bounds: frame-min-size 4096 (§4.2.3), channel-max and heartbeat are shorts (connection.tune). */
    private static void checkAmqp(List<String> problems, IngestOptions.Amqp amqp) {
        checkPort(problems, amqp.port(), "amqp");
        long frameMax = amqp.frameMax().asLongValue();
        check(problems, frameMax >= MIN_AMQP_FRAME && frameMax <= Integer.MAX_VALUE,
                "tsunagu.ingest.amqp.frame-max must be 4096 .. 2147483647 bytes");
        check(problems, amqp.channelMax() >= 1 && amqp.channelMax() <= MAX_TWO_BYTE,
                "tsunagu.ingest.amqp.channel-max must be 1..65535");
        long heartbeat = amqp.heartbeat().toSeconds();
        check(problems, !amqp.heartbeat().isNegative() && heartbeat <= MAX_TWO_BYTE
                && amqp.heartbeat().toNanosPart() == 0,
                "tsunagu.ingest.amqp.heartbeat must be whole seconds, 0s..65535s");
        check(problems, isPositive(amqp.handshakeTimeout()),
                "tsunagu.ingest.amqp.handshake-timeout must be positive");
        check(problems, amqp.maxConnections() >= 1, "tsunagu.ingest.amqp.max-connections must be >= 1");
        long messageSize = amqp.maxMessageSize().asLongValue();
        check(problems, messageSize >= 1 && messageSize <= Integer.MAX_VALUE,
                "tsunagu.ingest.amqp.max-message-size must be 1 byte .. 2147483647 bytes");
        check(problems, isPositive(amqp.ownerTimeout()), "tsunagu.ingest.amqp.owner-timeout must be positive");
        check(problems, amqp.maxPublishesInFlight() >= 1,
                "tsunagu.ingest.amqp.max-publishes-in-flight must be >= 1");
        check(problems, amqp.blockedPublishesInFlight() >= 1,
                "tsunagu.ingest.amqp.blocked-publishes-in-flight must be >= 1");
    }

    /** AMQP 1.0 bounds: MIN-MAX-FRAME-SIZE 512 (AMQP 1.0 §2.7.1), link credit within our unsigned short. */
    private static void checkAmqp10(List<String> problems, IngestOptions.Amqp10 amqp10) {
        check(problems, amqp10.linkCredit() >= 1 && amqp10.linkCredit() <= MAX_TWO_BYTE,
                "tsunagu.ingest.amqp10.link-credit must be 1..65535");
        long frame = amqp10.maxFrameSize().asLongValue();
        check(problems, frame >= 512 && frame <= Integer.MAX_VALUE,
                "tsunagu.ingest.amqp10.max-frame-size must be 512 .. 2147483647 bytes");
        check(problems, !amqp10.idleTimeout().isNegative() && amqp10.idleTimeout().toMillis() <= Integer.MAX_VALUE,
                "tsunagu.ingest.amqp10.idle-timeout must be 0 or positive");
        check(problems, isPositive(amqp10.openTimeout()), "tsunagu.ingest.amqp10.open-timeout must be positive");
        long messageSize = amqp10.maxMessageSize().asLongValue();
        check(problems, messageSize >= 1 && messageSize <= Integer.MAX_VALUE,
                "tsunagu.ingest.amqp10.max-message-size must be 1 byte .. 2147483647 bytes");
    }

    private static void checkPort(List<String> problems, int port, String listener) {
        check(problems, port >= 0 && port <= MAX_TWO_BYTE, "tsunagu.ingest." + listener + ".port must be 0..65535");
    }

    private static void checkFrameSize(List<String> problems, long size, String listener) {
        check(problems, size >= 128 && size <= MAX_FRAME,
                "tsunagu.ingest." + listener + ".max-frame-size must be 128 bytes .. 2GB");
    }

    private static void checkTls(List<String> problems, IngestOptions.Tls tls) {
        check(problems, tls.certFile().isPresent() == tls.keyFile().isPresent(),
                "tsunagu.ingest.tls.cert-file and tsunagu.ingest.tls.key-file go together");
        tls.certFile().ifPresent(file -> checkReadable(problems, file, "cert-file"));
        tls.keyFile().ifPresent(file -> checkReadable(problems, file, "key-file"));
        tls.clientCaFile().ifPresent(file -> checkReadable(problems, file, "client-ca-file"));
        boolean clientAuth = tls.clientAuth() != IngestOptions.Tls.ClientAuthMode.NONE;
        check(problems, !clientAuth || tls.clientCaFile().isPresent(),
                "tsunagu.ingest.tls.client-auth needs tsunagu.ingest.tls.client-ca-file");
        check(problems, !tls.useIdentityAsUsername() || clientAuth,
                "tsunagu.ingest.tls.use-identity-as-username needs tsunagu.ingest.tls.client-auth request or required");
    }

    private static void checkReadable(List<String> problems, String file, String key) {
        check(problems, Files.isReadable(Path.of(file)), "tsunagu.ingest.tls." + key + " '" + file
                + "' is not a readable file");
    }

    private static void checkSessions(List<String> problems, IngestOptions options) {
        IngestOptions.Mqtt mqtt = options.mqtt();
        long expiry = mqtt.maxSessionExpiry().toSeconds();
        check(problems, expiry >= 0 && expiry <= MAX_FOUR_BYTE,
                "tsunagu.ingest.mqtt.max-session-expiry must be 0s..4294967295s");
        check(problems, isPositive(mqtt.takeoverTimeout()), "tsunagu.ingest.mqtt.takeover-timeout must be positive");
        check(problems, !mqtt.handBackWindow().isNegative(),
                "tsunagu.ingest.mqtt.hand-back-window must not be negative");
        check(problems, mqtt.handBackSessions() >= 0, "tsunagu.ingest.mqtt.hand-back-sessions must be >= 0");
        check(problems, isPositive(options.pollInterval()), "tsunagu.ingest.poll-interval must be positive");
        check(problems, isPositive(options.heartbeatInterval()), "tsunagu.ingest.heartbeat-interval must be positive");
        check(problems, isPositive(options.internalRequestTimeout()),
                "tsunagu.ingest.internal-request-timeout must be positive");
        check(problems, isHttpUrl(options.routingUrl()), "tsunagu.ingest.routing-url must be an http(s) URL");
        check(problems, isHttpUrl(options.storageUrl()), "tsunagu.ingest.storage-url must be an http(s) URL");
        IngestOptions.SessionQueue queue = options.sessionQueue();
        check(problems, isPositive(queue.drainTimeout()),
                "tsunagu.ingest.session-queue.drain-timeout must be positive");
        check(problems, queue.pageSize() >= 1, "tsunagu.ingest.session-queue.page-size must be >= 1");
        check(problems, queue.deleteBatch() >= 1, "tsunagu.ingest.session-queue.delete-batch must be >= 1");
    }

    private static boolean isPositive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void checkWindows(List<String> problems, IngestOptions.Mqtt mqtt) {
        check(problems, mqtt.receiveMaximum() >= 1 && mqtt.receiveMaximum() <= MAX_TWO_BYTE,
                "tsunagu.ingest.mqtt.receive-maximum must be 1..65535");
        check(problems, mqtt.outboundWindow() >= 1 && mqtt.outboundWindow() <= MAX_TWO_BYTE,
                "tsunagu.ingest.mqtt.outbound-window must be 1..65535");
        check(problems, mqtt.outboundQueue() >= 0, "tsunagu.ingest.mqtt.outbound-queue must be >= 0");
        check(problems, mqtt.maxSubscriptionsPerClient() >= 1,
                "tsunagu.ingest.mqtt.max-subscriptions-per-client must be >= 1");
    }

    private static void check(List<String> problems, boolean valid, String problem) {
        if (!valid) {
            problems.add(problem);
        }
    }
}
