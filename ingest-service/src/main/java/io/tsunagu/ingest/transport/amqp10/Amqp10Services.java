package io.tsunagu.ingest.transport.amqp10;

import io.tsunagu.ingest.config.IngestOptions;
import io.tsunagu.ingest.handoff.IngestPublisher;
import io.tsunagu.ingest.handoff.QueueCommandPublisher;
import io.tsunagu.ingest.session.Authenticator;
import io.tsunagu.ingest.transport.amqp.KnownExchanges;
import io.tsunagu.ingest.transport.amqp.topology.StorageTopology;
import java.time.Duration;

/**
 * What every AMQP 1.0 connection of the node shares: its settings and the same backends as the AMQP 0-9-1 channels
 * (the publish and queue-control streams, storage's topology API, the known exchanges). Immutable.
 *
 * @param options the AMQP 1.0 settings
 * @param ownerTimeout the longest wait for a queue owner's answer ({@code tsunagu.ingest.amqp.owner-timeout})
 * @param nodeId this ingest node (the address of its delivery stream)
 * @param tenant the tenant of every AMQP 1.0 connection (virtual host {@code /})
 * @param authenticator decides on SASL PLAIN credentials
 * @param backends the streams and topology
 */
record Amqp10Services(IngestOptions.Amqp10 options, Duration ownerTimeout, String nodeId, String tenant,
        Authenticator authenticator, Backends backends) {

    /**
     * The streams and the topology.
     *
     * @param publisher the publish stream
     * @param commands the queue-control stream
     * @param exchanges exchanges known to exist
     * @param topology storage-service's topology API
     */
    record Backends(IngestPublisher publisher, QueueCommandPublisher commands, KnownExchanges exchanges,
            StorageTopology topology) {
    }
}
