package io.tsunagu.routing.sys;

import io.tsunagu.contracts.event.NodeTraffic;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code $SYS/broker/...} statistics at one moment, under the topic names Mosquitto uses.
 *
 * @param clientsConnected connected clients of the whole cluster: the CONNECTED sessions in the session table
 * @param subscriptions subscriptions of the whole cluster: every subscription in the table (disconnected persistent
 *     sessions keep theirs, as in Mosquitto), each membership of a shared group ({@code $share/...}) included. A
 *     shared subscription is one a client made and holds, and it is routed like any other, so leaving it out would
 *     make the count disagree with what clients subscribed to; the number of groups they form is the
 *     {@code tsunagu.routing.shared.groups} gauge
 * @param retainedMessages retained messages of the whole cluster, all tenants: the retained store's size
 * @param messagesReceived every record the publish stream ever took, from every ingest node, since the stream was
 *     created (the sum of its partitions' end offsets); this counts the {@code $SYS} publishes and the copies handed
 *     back by shared-subscription members that went away too, and is not reset when a broker restarts, unlike
 *     Mosquitto's
 * @param traffic the traffic of the whole cluster: the sum over the ingest nodes of the counters in each node's latest
 *     heartbeat, which count from the start of the node's current run. {@code messages/sent} is the PUBLISH packets
 *     written to clients, {@code bytes/received} and {@code bytes/sent} the bytes of the client connections. A node
 *     that restarts counts from 0 again, as Mosquitto does after a restart, so the totals may go down; a node that has
 *     stopped keeps its last totals in the sum until its heartbeat key is tombstoned
 * @param uptime how long the routing replica that publishes the statistics has run (not the cluster: the publisher
 *     changes when publish partition 0 moves to another replica)
 * @param version the routing-service version
 */
public record SysSnapshot(int clientsConnected, int subscriptions, int retainedMessages, long messagesReceived,
        NodeTraffic traffic, Duration uptime, String version) {

    public SysSnapshot {
        Objects.requireNonNull(traffic, "traffic");
        Objects.requireNonNull(uptime, "uptime");
        Objects.requireNonNull(version, "version");
    }

    /** Topic name to UTF-8 payload, in a stable order. */
    public Map<String, String> toTopics() {
        Map<String, String> topics = new LinkedHashMap<>();
        topics.put("$SYS/broker/clients/connected", Integer.toString(clientsConnected));
        topics.put("$SYS/broker/subscriptions/count", Integer.toString(subscriptions));
        topics.put("$SYS/broker/retained messages/count", Integer.toString(retainedMessages));
        topics.put("$SYS/broker/messages/received", Long.toString(messagesReceived));
        topics.put("$SYS/broker/messages/sent", Long.toString(traffic.messagesSent()));
        topics.put("$SYS/broker/bytes/received", Long.toString(traffic.bytesReceived()));
        topics.put("$SYS/broker/bytes/sent", Long.toString(traffic.bytesSent()));
        topics.put("$SYS/broker/uptime", uptime.toSeconds() + " seconds");
        topics.put("$SYS/broker/version", "tsunagu " + version);
        return topics;
    }
}
