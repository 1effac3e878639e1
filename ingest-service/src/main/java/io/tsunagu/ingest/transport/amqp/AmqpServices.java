package io.tsunagu.ingest.transport.amqp;

import io.tsunagu.ingest.codec.amqp.ConnectionMethod;
import io.tsunagu.ingest.config.IngestOptions;
import io.tsunagu.ingest.session.Authenticator;
import io.tsunagu.ingest.transport.amqp10.Amqp10Listener;

/**
 * What every AMQP connection of the node shares: its settings, the authenticator, the metrics and the
 * connection.start it sends, and the services behind the channels. Immutable.
 *
 * @param options the listener's settings
 * @param defaultTenant the tenant of virtual host {@code /}
 * @param authenticator decides on the SASL credentials
 * @param metrics the listener's metrics
 * @param start the connection.start sent to every client
 * @param backends storage, the queue-control and publish streams, known exchanges
 * @param amqp10 where connections with an AMQP 1.0 protocol header go, or null
 */
record AmqpServices(IngestOptions.Amqp options, String defaultTenant, Authenticator authenticator,
        AmqpMetrics metrics, ConnectionMethod.Start start, AmqpBackends backends, Amqp10Listener amqp10) {
}
