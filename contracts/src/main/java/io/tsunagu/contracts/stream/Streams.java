package io.tsunagu.contracts.stream;

import io.tsunagu.contracts.amqp.ChannelRef;

/**
 * The names and keys of the internal streams (Kafka topics) that link the services.
 *
 * <ul>
 *   <li>{@link #PUBLISH}: every accepted message, keyed by tenant and topic so order holds per topic.</li>
 *   <li>{@link #SESSION}: the full state of each client session, keyed by tenant and client id and log-compacted,
 *       so the latest state per client is all a reader needs.</li>
 *   <li>{@link #RETAINED}: the latest retained message of each topic, keyed by tenant and topic and
 *       log-compacted.</li>
 *   <li>{@link #deliveryStream(String)}: the routed messages for one ingest node, one stream per node with one
 *       partition so order holds per node.</li>
 * </ul>
 */
public final class Streams {

    /** The publish stream. */
    public static final String PUBLISH = "tsunagu.publish";
    /** The session stream. */
    public static final String SESSION = "tsunagu.session";
    /**
     * The retained-message stream: the latest retained message of each topic, keyed like the publish stream and
     * log-compacted; a tombstone (null value) removes a topic's retained message [MQTT-3.3.1-6].
     */
    public static final String RETAINED = "tsunagu.retained";
    /**
     * The queues of persistent sessions without a connection: delivery records with one recipient, keyed by session
     * (tenant and client id); a tombstone purges the session's queue. Written by routing, kept by storage.
     */
    public static final String SESSION_QUEUE = "tsunagu.session-queue";
    /**
     * AMQP's topology (exchanges, queues, bindings per virtual host), keyed by entity and log-compacted; written by
     * storage (the authority) as versioned JSON, followed by routing and ingest.
     */
    public static final String TOPOLOGY = "tsunagu.topology";
    /**
     * The messages of every AMQP queue ({@link io.tsunagu.contracts.amqp.QueueMessage}), keyed by
     * {@link #queueKey}: written by routing, read by each queue's owner (the member of routing's queue group holding
     * the queue's partition). Same partition count as {@link #QUEUE_CONTROL}.
     */
    public static final String QUEUE = "tsunagu.queue";
    /**
     * Instructions for queue owners ({@link io.tsunagu.contracts.amqp.QueueCommand}): consume, cancel, settle, get,
     * recover, channel closed, status, purge, delete; keyed by {@link #queueKey} like {@link #QUEUE}.
     */
    public static final String QUEUE_CONTROL = "tsunagu.queue-control";
    /** Each queue's progress (what is settled, what was delivered), keyed by {@link #queueKey}, log-compacted. */
    public static final String QUEUE_STATE = "tsunagu.queue-state";
    /** The common prefix of the per-node delivery streams. */
    public static final String DELIVERY_PREFIX = "tsunagu.delivery.";

    /**
     * Kafka header of a publish-stream record that is not a new message but a copy handed back by a member of a
     * shared subscription that went away before acknowledging it: its value ({@code $share/{group}/{filter}},
     * UTF-8) names the only subscription the record is routed to (MQTT 5 §4.8.2). The message id is the original
     * one, so storage keeps the message once.
     */
    public static final String SHARE_TARGET_HEADER = "tsunagu-share-target";
    /** Kafka header naming the client (UTF-8 client id) that handed the copy back: another member gets it. */
    public static final String SHARE_EXCLUDE_HEADER = "tsunagu-share-exclude";

    /**
     * Kafka header of a publish-stream record that is not a new message but a copy handed back for one session (its
     * value: the session key, UTF-8): it was on its way to the session's old connection. It is routed to that session
     * only, wherever it is now, or to its queue.
     */
    public static final String SESSION_TARGET_HEADER = "tsunagu-session-target";
    /** Kafka header marking a handed-back copy that had been sent once already: it goes out again with DUP 1. */
    public static final String DUP_HEADER = "tsunagu-dup";

    /** Longest node id: the delivery stream's name must stay within Kafka's 249-character topic names. */
    public static final int MAX_NODE_ID_LENGTH = 200;

    private static final char KEY_SEPARATOR = '\u0000';

    private Streams() {
    }

    /**
     * Whether {@code nodeId} can name an ingest node: 1 to {@value #MAX_NODE_ID_LENGTH} characters from
     * {@code [A-Za-z0-9._-]}, the characters Kafka allows in a topic name.
     */
    public static boolean isValidNodeId(String nodeId) {
        return nodeId.matches("[A-Za-z0-9._-]{1," + MAX_NODE_ID_LENGTH + "}");
    }

    /** The delivery stream of the ingest node {@code nodeId}. */
    public static String deliveryStream(String nodeId) {
        return DELIVERY_PREFIX + nodeId;
    }

    /**
     * The publish-stream key: tenant and topic. U+0000 separates them because neither may contain it
     * [MQTT-4.7.3-2].
     */
    public static String publishKey(String tenant, String topic) {
        return checkTenant(tenant) + KEY_SEPARATOR + topic;
    }

    /**
     * The session-stream key of an ingest node's heartbeats. It starts with U+0000, which no session key does
     * (a tenant is never empty), so the two can never clash.
     */
    public static String nodeKey(String nodeId) {
        return KEY_SEPARATOR + "node" + KEY_SEPARATOR + nodeId;
    }

    /** Whether a session-stream key is a node's heartbeat key rather than a session's. */
    public static boolean isNodeKey(String key) {
        return key != null && !key.isEmpty() && key.charAt(0) == KEY_SEPARATOR;
    }

    /**
     * The publish-stream key of an AMQP publish: virtual host and publishing channel, so the messages of one channel
     * stay in order (AMQP 0-9-1 §4.7: messages published on one channel reach a queue in that order). Readers tell
     * AMQP records from MQTT ones by the record's event type, not by the key.
     */
    public static String amqpPublishKey(String vhost, ChannelRef channel) {
        return checkTenant(vhost) + KEY_SEPARATOR + channel.nodeId() + KEY_SEPARATOR
                + channel.connectionId() + KEY_SEPARATOR + channel.channel();
    }

    /** The key of a queue's records on {@link #QUEUE}, {@link #QUEUE_CONTROL} and {@link #QUEUE_STATE}. */
    public static String queueKey(String vhost, String queue) {
        return checkTenant(vhost) + KEY_SEPARATOR + queue;
    }

    /** The session-stream key: tenant and client id. */
    public static String sessionKey(String tenant, String clientId) {
        return checkTenant(tenant) + KEY_SEPARATOR + clientId;
    }

    /**
     * A tenant is never empty and never holds U+0000: keys split at the first U+0000, and a session key must never
     * look like a node key.
     */
    private static String checkTenant(String tenant) {
        if (tenant.isEmpty() || tenant.indexOf(KEY_SEPARATOR) >= 0) {
            throw new IllegalArgumentException("a tenant must be non-empty and free of U+0000");
        }
        return tenant;
    }
}
