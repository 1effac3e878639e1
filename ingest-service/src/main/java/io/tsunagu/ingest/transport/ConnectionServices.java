package io.tsunagu.ingest.transport;

import io.tsunagu.contracts.topic.TopicLimits;
import io.tsunagu.ingest.auth.Authorizer;
import io.tsunagu.ingest.config.IngestOptions;
import io.tsunagu.ingest.config.NodeIdentity;
import io.tsunagu.ingest.handoff.IngestPublisher;
import io.tsunagu.ingest.handoff.SessionEventPublisher;
import io.tsunagu.ingest.session.Authenticator;

/**
 * The node-wide collaborators every connection uses.
 *
 * @param options the configuration
 * @param identity this node
 * @param registry the node's connections
 * @param metrics the metrics
 * @param publisher the publish-stream hand-off
 * @param sessions the session-stream hand-off
 * @param authenticator the CONNECT authentication step
 * @param topicLimits the configured topic limits
 * @param authorizer what clients may publish and subscribe to
 * @param wills the wills waiting out their delay
 * @param handBack the hand-back of unacknowledged shared-subscription copies
 */
record ConnectionServices(
        IngestOptions options,
        NodeIdentity identity,
        ConnectionRegistry registry,
        IngestMetrics metrics,
        IngestPublisher publisher,
        SessionEventPublisher sessions,
        Authenticator authenticator,
        TopicLimits topicLimits,
        Authorizer authorizer,
        PendingWills wills,
        SharedHandBack handBack) {
}
