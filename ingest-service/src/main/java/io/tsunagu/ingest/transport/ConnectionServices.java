package io.tsunagu.ingest.transport;

import io.tsunagu.contracts.topic.TopicLimits;
import io.tsunagu.ingest.auth.Authorizer;
import io.tsunagu.ingest.cluster.SessionDirectory;
import io.tsunagu.ingest.cluster.SessionQueueStore;
import io.tsunagu.ingest.config.IngestOptions;
import io.tsunagu.ingest.config.NodeIdentity;
import io.tsunagu.ingest.handoff.IngestPublisher;
import io.tsunagu.ingest.handoff.SessionEventPublisher;
import io.tsunagu.ingest.handoff.StreamProgress;
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
 * @param handBack the hand-back of copies a recipient left unacknowledged, to their groups or their session
 * @param cluster where the other services keep sessions and their queues, and how far their consumers got
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
        HandBack handBack,
        Cluster cluster) {

    /**
     * The cluster-wide session services.
     *
     * @param directory routing's session lookup
     * @param queues storage's session queues
     * @param progress the consumer groups' progress on the streams
     * @param departed the persistent sessions that recently left this node
     */
    record Cluster(SessionDirectory directory, SessionQueueStore queues, StreamProgress progress,
            DepartedSessions departed) {
    }

    SessionDirectory directory() {
        return cluster.directory();
    }

    SessionQueueStore queueStore() {
        return cluster.queues();
    }

    StreamProgress progress() {
        return cluster.progress();
    }

    DepartedSessions departed() {
        return cluster.departed();
    }
}
