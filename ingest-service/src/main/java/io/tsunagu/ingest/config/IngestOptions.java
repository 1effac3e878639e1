package io.tsunagu.ingest.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Every setting of ingest-service under {@code tsunagu.ingest}. Environment variables use the standard mapping
 * ({@code tsunagu.ingest.mqtt.port} is {@code TSUNAGU_INGEST_MQTT_PORT}); application.properties lists each key.
 */
@ConfigMapping(prefix = "tsunagu.ingest")
public interface IngestOptions {

    /**
     * This node's id: names its delivery stream ({@code tsunagu.delivery.<node-id>}) and its consumer group;
     * 1 to 200 characters of {@code [A-Za-z0-9._-]}. Default: {@code $HOSTNAME}, else {@code ingest-<random>}
     * (supplied by {@link NodeIdConfigSource}).
     */
    String nodeId();

    /** The tenant every connection belongs to until tenants and users exist. Default {@code default}. */
    @WithDefault("default")
    String defaultTenant();

    /** Longest wait at shutdown for in-flight hand-offs and the last session events. Default 10s. */
    @WithDefault("10s")
    Duration shutdownTimeout();

    /**
     * ACL file in Mosquitto's {@code acl_file} format ({@code user}, {@code topic} and {@code pattern} lines),
     * read once at startup; a line it does not understand stops the start, naming the line. Empty (the default):
     * every client may publish and subscribe to every topic.
     */
    Optional<String> aclFile();

    /**
     * Base URL of routing-service, the session authority, whose internal API answers where a session is and what it
     * holds ({@link #routingSessionPath()}). Default {@code http://localhost:8082}.
     */
    @WithDefault("http://localhost:8082")
    String routingUrl();

    /**
     * Path and query of routing's session lookup under {@link #routingUrl()}: {@code {tenant}} and {@code {clientId}}
     * are replaced by the URL-encoded values. It answers the session's latest record in the session codec, or 404.
     * Default {@code /internal/sessions?tenant={tenant}&clientId={clientId}}.
     */
    @WithDefault("/internal/sessions?tenant={tenant}&clientId={clientId}")
    String routingSessionPath();

    /** Base URL of storage-service, which keeps the queues of offline sessions. Default http://localhost:8083. */
    @WithDefault("http://localhost:8083")
    String storageUrl();

    /**
     * Path of storage's session-queue API under {@link #storageUrl()}: {@code GET ?tenant=&clientId=&after=&limit=}
     * reads a page, {@code DELETE ?tenant=&clientId=&upTo=} removes what the client acknowledged.
     * Default {@code /internal/session-queue}.
     */
    @WithDefault("/internal/session-queue")
    String storageSessionQueuePath();

    /** Longest wait for one request to routing's or storage's internal API. Default 3s. */
    @WithDefault("3s")
    Duration internalRequestTimeout();

    /**
     * How often ingest asks again while it waits for another service: a session taken over on another node to be
     * disconnected there, the routing and storage consumer groups to pass a snapshot. Default 200ms.
     */
    @WithDefault("200ms")
    Duration pollInterval();

    /**
     * Period of this node's heartbeat on the session stream ({@code NodeEvent}, key {@code node} + id); the first is
     * written at start. Routing takes a node silent for its node timeout for dead. Default 5s.
     */
    @WithDefault("5s")
    Duration heartbeatInterval();

    /** The MQTT/TCP listener and its protocol limits (which every listener shares). */
    Mqtt mqtt();

    /** MQTT over TLS (started when {@link Tls#certFile()} is set). */
    @WithName("mqtt-tls")
    MqttTls mqttTls();

    /** MQTT over WebSocket, plain text, path {@code /mqtt}. */
    WebSocket ws();

    /** MQTT over WebSocket over TLS, path {@code /mqtt} (started when {@link Tls#certFile()} is set). */
    SecureWebSocket wss();

    /** The certificate and key of the TLS listeners, and client-certificate authentication. */
    Tls tls();

    /** Sending the queue of a persistent session when its client connects again. */
    SessionQueue sessionQueue();

    /** This node's delivery stream. */
    DeliveryStream deliveryStream();

    /** The AMQP 0-9-1 listener (RabbitMQ clients). */
    Amqp amqp();

    /** AMQP 1.0 on the AMQP 0-9-1 listener's port (Azure / Qpid style clients). */
    Amqp10 amqp10();

    /** MQTT over TCP (3.1, 3.1.1 and 5.0). */
    interface Mqtt {

        /** Interface to bind. Default {@code 0.0.0.0}. */
        @WithDefault("0.0.0.0")
        String host();

        /** TCP port; 0 picks a free port shared by all listener instances. Default 1883. */
        @WithDefault("1883")
        int port();

        /**
         * Number of listener instances, each pinned to one event loop. Default: one per Vert.x event loop
         * (twice the number of CPUs, as Quarkus sizes the event-loop pool).
         */
        OptionalInt listenerInstances();

        /**
         * Largest MQTT packet accepted (remaining length), in bytes; advertised to MQTT 5 clients as Maximum
         * Packet Size. Larger packets close the connection (MQTT 5: DISCONNECT 0x95). Default 1M.
         */
        @WithDefault("1M")
        MemorySize maxPacketSize();

        /** Longest client identifier, in UTF-8 bytes (MQTT requires at least 23). Default 256. */
        @WithDefault("256")
        int maxClientIdLength();

        /**
         * Longest client identifier of an MQTT 3.1 (MQIsdp) client, in characters: 3.1 allows 1 to 23 and
         * answers a longer one with CONNACK 2, identifier rejected; like Mosquitto, a larger limit (up to
         * {@link #maxClientIdLength()}) can be allowed. Default 23.
         */
        @WithDefault("23")
        int maxClientIdLengthMqtt31();

        /**
         * Most MQTT connections (clients that sent CONNECT and are not closed) on this node; beyond it CONNECT is
         * refused with CONNACK 0x97 quota exceeded (MQTT 5) or 3 server unavailable (3.1/3.1.1). Default 100000.
         */
        @WithDefault("100000")
        int maxConnections();

        /**
         * Highest Topic Alias an MQTT 5 client may send (advertised in CONNACK as Topic Alias Maximum); 0 accepts
         * none. Default 16.
         */
        @WithDefault("16")
        int topicAliasMaximum();

        /**
         * Longest topic name or filter, in UTF-8 bytes; longer ones are refused as invalid (MQTT 5: 0x90 / 0x8F).
         * The protocol allows 65535, but storage keeps every topic in PostgreSQL B-tree indexes, whose entries are
         * limited to about 2,700 bytes, so at most 2048. Default 1024.
         */
        @WithDefault("1024")
        int maxTopicLength();

        /** Most levels (parts between '/') in a topic name or filter. Default 128. */
        @WithDefault("128")
        int maxTopicLevels();

        /**
         * Longest keep-alive granted to MQTT 5 clients; a client asking for more (or for none) is told this value
         * as Server Keep Alive. MQTT 3.1.1 clients keep their own value. Default 3600s.
         */
        @WithDefault("3600s")
        Duration maxKeepAlive();

        /** Time a new TCP connection has to send CONNECT before it is closed. Default 10s. */
        @WithDefault("10s")
        Duration connectTimeout();

        /**
         * Most publishes of one connection being handed off to Kafka at once; advertised to MQTT 5 clients as
         * Receive Maximum. When full, the socket is not read until a hand-off completes. Default 64.
         */
        @WithDefault("64")
        int receiveMaximum();

        /**
         * Most QoS 1 and 2 messages sent to one subscriber and not yet acknowledged (QoS 2 until PUBCOMP); MQTT 5
         * clients' own Receive Maximum lowers it. Default 32.
         */
        @WithDefault("32")
        int outboundWindow();

        /**
         * Most QoS 1 and 2 messages queued for one subscriber behind a full outbound window. When it is full the node's
         * delivery stream waits (Kafka holds the backlog) for up to {@link #outboundQueueWait()}. Default 1000.
         */
        @WithDefault("1000")
        int outboundQueue();

        /**
         * Longest time the delivery stream waits for room in a subscriber's full outbound queue; after it the
         * message is dropped for that subscriber and counted in {@code tsunagu.messages.dropped{reason=queue-full}},
         * so one stuck subscriber cannot hold every other subscriber of the node back for longer. Default 10s.
         */
        @WithDefault("10s")
        Duration outboundQueueWait();

        /** Most subscriptions one client may hold. Default 100. */
        @WithDefault("100")
        int maxSubscriptionsPerClient();

        /**
         * Whether retained messages are kept (advertised to MQTT 5 clients as Retain Available). When false, like
         * Mosquitto's {@code retain_available false}: an MQTT 5 PUBLISH or will with RETAIN 1 is refused with 0x9A
         * [MQTT-3.2.2-14] [MQTT-3.2.2-13]; the RETAIN flag of an MQTT 3.1/3.1.1 client is passed on but nothing is
         * retained. Default true.
         */
        @WithDefault("true")
        boolean retainAvailable();

        /**
         * Longest Session Expiry Interval granted, in seconds: an MQTT 5 client asking for more is told this value in
         * CONNACK (MQTT 5 §3.2.2.3.2), and a 3.1/3.1.1 session with Clean Session 0, which never expires by the
         * protocol [MQTT-3.1.2-4], expires after it. 4294967295s (0xFFFFFFFF) means never; 0 makes every session end
         * with its connection. Default 4294967295s.
         */
        @WithDefault("4294967295s")
        Duration maxSessionExpiry();

        /**
         * Longest wait, at CONNECT, for the node that holds the client's session to give it up (its connection is
         * closed with 0x8E and the session written as disconnected); after it the connection goes ahead with the
         * state it has. Default 5s.
         */
        @WithDefault("5s")
        Duration takeoverTimeout();

        /**
         * How long deliveries that reach this node for a persistent session that left it are handed back to the
         * publish stream for that session (routing queues them, or sends them to the session's new node), instead of
         * being dropped. Default 60s.
         */
        @WithDefault("60s")
        Duration handBackWindow();

        /** Most recently departed persistent sessions remembered for {@link #handBackWindow()}. Default 10000. */
        @WithDefault("10000")
        int handBackSessions();
    }

    /** MQTT over TLS, on the host and with the protocol limits of {@code tsunagu.ingest.mqtt.*}. */
    interface MqttTls {

        /** Whether it starts; it starts only when {@link Tls#certFile()} is set. Default true. */
        @WithDefault("true")
        boolean enabled();

        /** TCP port; 0 picks a free one. Default 8883. */
        @WithDefault("8883")
        int port();
    }

    /**
     * MQTT over plain WebSocket (RFC 6455; MQTT 5 §6: binary frames, subprotocol {@code mqtt} or {@code mqttv3.1}),
     * path {@code /mqtt}, on the host and with the protocol limits of {@code tsunagu.ingest.mqtt.*}.
     */
    interface WebSocket {

        /** Whether it starts. Default true. */
        @WithDefault("true")
        boolean enabled();

        /** TCP port; 0 picks a free one. Default 8000. */
        @WithDefault("8000")
        int port();

        /**
         * Largest WebSocket frame payload and HTTP upgrade request accepted, in bytes; a larger frame closes the
         * connection with 1009 (message too big). Keep it above {@code tsunagu.ingest.mqtt.max-packet-size} plus 5
         * bytes of fixed header, since browsers send each MQTT packet in one frame. Default 2M.
         */
        @WithDefault("2M")
        MemorySize maxFrameSize();
    }

    /** MQTT over WebSocket over TLS, path {@code /mqtt}; as {@link WebSocket}, started only with a certificate. */
    interface SecureWebSocket {

        /** Whether it starts; it starts only when {@link Tls#certFile()} is set. Default true. */
        @WithDefault("true")
        boolean enabled();

        /** TCP port; 0 picks a free one. Default 8443. */
        @WithDefault("8443")
        int port();

        /** As {@link WebSocket#maxFrameSize()}. Default 2M. */
        @WithDefault("2M")
        MemorySize maxFrameSize();
    }

    /** TLS for the {@code mqtt-tls} and {@code wss} listeners: PEM files, TLS 1.2 and 1.3 only. */
    interface Tls {

        /** PEM file with the server certificate (and its chain). Unset: the TLS listeners do not start. */
        Optional<String> certFile();

        /** PEM file with the private key of {@link #certFile()} (PKCS#8 or PKCS#1). Required with it. */
        Optional<String> keyFile();

        /** PEM file with the CA certificates that client certificates must chain to; needed by client-auth. */
        Optional<String> clientCaFile();

        /**
         * Whether clients present a certificate: {@code none}, {@code request} (verified when presented) or
         * {@code required} (the TLS handshake fails without one, like Mosquitto's {@code require_certificate}).
         * Default none.
         */
        @WithDefault("none")
        ClientAuthMode clientAuth();

        /**
         * When a client presented a verified certificate, take its subject's common name (CN) as the user name
         * instead of CONNECT's user name and password (Mosquitto's {@code use_identity_as_username}); the ACL then
         * applies to it. Default false.
         */
        @WithDefault("false")
        boolean useIdentityAsUsername();

        /** Client-certificate policy of the TLS listeners. */
        enum ClientAuthMode {
            /** No certificate is asked for. */
            NONE,
            /** A certificate is asked for and verified when given; a client without one still connects. */
            REQUEST,
            /** Connections without a valid client certificate fail the TLS handshake. */
            REQUIRED
        }
    }

    /** The queue of a persistent session, sent when its client connects again (to this node or any other). */
    interface SessionQueue {

        /**
         * The consumer group of routing-service on the publish stream: before reading a resumed session's queue, ingest
         * waits until it has committed every publish written before the session's CONNECTED. Default
         * {@code tsunagu-routing}.
         */
        @WithDefault("tsunagu-routing")
        String routingGroup();

        /**
         * The consumer group of storage-service on the session-queue stream: ingest then waits until it has stored
         * every queued message written so far. Default {@code tsunagu-storage-session-queue}.
         */
        @WithDefault("tsunagu-storage-session-queue")
        String storageGroup();

        /**
         * Longest wait for each of the two groups; after it the queue is read as it is, and what is stored later is
         * sent on the next connection. Default 10s.
         */
        @WithDefault("10s")
        Duration drainTimeout();

        /** Queued messages read per request (fewer when the client's outbound queue has less room). Default 100. */
        @WithDefault("100")
        int pageSize();

        /**
         * Acknowledged queued messages deleted from storage per request; the rest of a batch is deleted when the queue
         * is sent completely or the connection ends. Default 50.
         */
        @WithDefault("50")
        int deleteBatch();
    }

    /** The delivery stream this node consumes, created at startup when missing. */
    interface DeliveryStream {

        /** Replication factor used when creating the stream; empty means the broker's default. */
        OptionalInt replicationFactor();

        /** Longest wait for Kafka while checking or creating the stream at startup. Default 30s. */
        @WithDefault("30s")
        Duration adminTimeout();
    }

    /**
     * AMQP 0-9-1 over TCP, the protocol of the RabbitMQ clients. As many instances as the MQTT listener
     * ({@code tsunagu.ingest.mqtt.listener-instances}), each pinned to one event loop.
     */
    interface Amqp {

        /** Whether it starts. Default true. */
        @WithDefault("true")
        boolean enabled();

        /** Interface to bind. Default {@code 0.0.0.0}. */
        @WithDefault("0.0.0.0")
        String host();

        /** TCP port; 0 picks a free port shared by all listener instances. Default 5672. */
        @WithDefault("5672")
        int port();

        /**
         * Largest frame, in bytes, header and frame-end included (connection.tune frame-max): 4096 (the spec's
         * frame-min-size) up to 2147483647. Clients may lower it in tune-ok, never raise it. Default 131072
         * (RabbitMQ's default).
         */
        @WithDefault("131072")
        MemorySize frameMax();

        /** Highest channel number a client may open (connection.tune channel-max), 1..65535. Default 2047. */
        @WithDefault("2047")
        int channelMax();

        /**
         * Heartbeat interval proposed in connection.tune, whole seconds (0s..65535s); the client's tune-ok value is
         * used. 0 disables heartbeats. Default 60s.
         */
        @WithDefault("60s")
        Duration heartbeat();

        /**
         * Time a new connection has from its first byte to connection.open; a connection that has not completed
         * the handshake by then is closed. Also the longest wait for connection.close-ok after we sent
         * connection.close. Default 10s.
         */
        @WithDefault("10s")
        Duration handshakeTimeout();

        /**
         * Most AMQP connections (that sent connection.open and are not closed) on this node; beyond it
         * connection.open is answered with connection.close 530 NOT_ALLOWED, as RabbitMQ's connection_max does.
         * Default 100000.
         */
        @WithDefault("100000")
        int maxConnections();

        /**
         * Largest message body accepted in a basic.publish, in bytes (the content header's body-size); a larger one
         * closes the channel with 406 PRECONDITION_FAILED, as RabbitMQ's {@code max_message_size}. RabbitMQ 4
         * defaults to 16 MiB; ours is lower because a body travels in one Kafka record of the publish stream
         * (the producer's max.request.size is 2 MiB, the brokers' message.max.bytes 4 MiB). Default 1M.
         */
        @WithDefault("1M")
        MemorySize maxMessageSize();

        /**
         * Longest wait for a queue's owner (routing) to answer a command whose reply the client waits for:
         * queue.declare's counts (then declare-ok says 0 and 0), basic.consume, basic.get, queue.purge and
         * queue.delete (then connection.close 541 INTERNAL_ERROR). Also the longest wait for the routing outcomes
         * of a tx.commit (then commit-ok: every message of the commit is in Kafka already). It must cover a routing
         * replica's failover (the queue group's session timeout plus the new owner's rebuild). Default 30s.
         */
        @WithDefault("30s")
        Duration ownerTimeout();

        /**
         * Most basic.publish of one connection being handed off to Kafka at once; when full, the socket is not read
         * until one completes (as the MQTT side's receive-maximum). Default 128.
         */
        @WithDefault("128")
        int maxPublishesInFlight();

        /**
         * Publishes of all AMQP connections of this node in Kafka's hands at which clients announcing the
         * {@code connection.blocked} capability are sent connection.blocked (RabbitMQ's extension); at half of it,
         * connection.unblocked. Default 4096.
         */
        @WithDefault("4096")
        int blockedPublishesInFlight();
    }

    /**
     * AMQP 1.0, served on the AMQP 0-9-1 listener's port: a connection whose protocol header is {@code AMQP 0 1 0 0}
     * or {@code AMQP 3 1 0 0} (SASL) is handed to the AMQP 1.0 engine.
     */
    interface Amqp10 {

        /** Whether AMQP 1.0 headers are served; when false they get the AMQP 0-9-1 header back. Default true. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Credit window of a link, in messages: how many transfers a client's sender may have outstanding (credit
         * is topped up as they are handed to Kafka and settled), and the prefetch of a receiver link's consumer at
         * its queue's owner. 1..65535. Default 100.
         */
        @WithDefault("100")
        int linkCredit();

        /** Largest AMQP 1.0 frame we accept (open's max-frame-size), 512..2147483647 bytes. Default 131072. */
        @WithDefault("131072")
        MemorySize maxFrameSize();

        /**
         * Idle timeout announced in open: a peer silent for this long is closed; we send empty frames at half the
         * peer's own timeout. 0 disables ours. Default 60s.
         */
        @WithDefault("60s")
        Duration idleTimeout();

        /** Time from the protocol header to the peer's open; then the connection is closed. Default 10s. */
        @WithDefault("10s")
        Duration openTimeout();

        /**
         * Largest message (encoded sections) accepted on a sender link; a larger transfer is rejected with
         * {@code amqp:link:message-size-exceeded} (also announced as the link's max-message-size). Default 1M.
         */
        @WithDefault("1M")
        MemorySize maxMessageSize();
    }
}
