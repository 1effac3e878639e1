package io.tsunagu.ingest.transport.amqp;

import io.tsunagu.ingest.handoff.IngestPublisher;
import io.tsunagu.ingest.handoff.QueueCommandPublisher;
import io.tsunagu.ingest.transport.amqp.topology.StorageTopology;

/**
 * What the channels of every AMQP connection talk to: storage's topology API, the queue-control stream (queue
 * owners), the publish stream, the node's known exchanges and the registry of connections that routes this node's
 * delivery-stream records to their channels.
 *
 * @param nodeId this ingest node's id (the address of its delivery stream)
 * @param topology storage-service's topology API
 * @param commands writes queue commands
 * @param publisher writes publishes to the publish stream
 * @param exchanges exchanges known to exist
 * @param pressure the node's publishes in Kafka's hands (connection.blocked)
 */
record AmqpBackends(String nodeId, StorageTopology topology, QueueCommandPublisher commands,
        IngestPublisher publisher, KnownExchanges exchanges, PublishPressure pressure) {
}
