package io.tsunagu.ingest.transport;

import io.smallrye.mutiny.Uni;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.ingest.handoff.IngestPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Gives a QoS 1 or 2 copy that its recipient will never acknowledge back to the publish stream, as the original
 * publish record under its original key, with Kafka headers that tell routing where it goes now
 * ({@link IngestPublisher#handBack}): one mechanism, two destinations.
 * <ul>
 *   <li>A copy chosen through shared subscriptions goes back to each of them, for another member (MQTT 5 §4.8.2: a
 *       message not acknowledged when the session ended goes to another session of the group);</li>
 *   <li>a copy for a persistent session goes back to that session ({@value Streams#SESSION_TARGET_HEADER}), wherever
 *       it is connected next or into its queue, marked {@value Streams#DUP_HEADER} when it had been sent, so that it
 *       goes out again with DUP 1 [MQTT-4.4.0-1].</li>
 * </ul>
 * Counted by outcome in {@value IngestMetrics#SHARED_HAND_BACKS} and {@value IngestMetrics#SESSION_HAND_BACKS}.
 * Thread-safe.
 */
@ApplicationScoped
public class HandBack {

    private static final Logger LOG = Logger.getLogger(HandBack.class);
    /** The value of the DUP header: its presence is what counts. */
    private static final String DUP = "1";

    private final IngestPublisher publisher;
    private final IngestMetrics metrics;

    HandBack(IngestPublisher publisher, IngestMetrics metrics) {
        this.publisher = publisher;
        this.metrics = metrics;
    }

    /**
     * Hands the copy of {@code publish} (whose publish-stream record is {@code publishRecord}) that {@code clientId}
     * received through {@code sharedSubscriptions} back to each of them. The {@link Uni} completes when Kafka
     * acknowledged or refused every record; it never fails: a refused hand-back is logged and counted, and the
     * copy is lost to the group, as it would be without hand-back.
     */
    Uni<Void> toGroups(PublishEvent publish, Payload publishRecord, List<String> sharedSubscriptions, String clientId) {
        String key = Streams.publishKey(publish.tenant(), publish.topic());
        List<Uni<Void>> handBacks = new ArrayList<>(sharedSubscriptions.size());
        for (String sharedSubscription : sharedSubscriptions) {
            Map<String, String> headers = Map.of(Streams.SHARE_TARGET_HEADER, sharedSubscription,
                    Streams.SHARE_EXCLUDE_HEADER, clientId);
            handBacks.add(publisher.handBack(publishRecord, key, headers)
                    .onItem().invoke(metrics::handedBack)
                    .onFailure().recoverWithItem(failure -> onFailed(publish, sharedSubscription, failure)));
        }
        if (handBacks.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(handBacks).andFailFast().replaceWithVoid();
    }

    /**
     * Hands the copy of {@code publish} for the persistent session {@code sessionKey} back to that session. Completes
     * when Kafka acknowledged or refused the record; never fails: a refused hand-back is logged and counted, and the
     * copy is lost to the session.
     */
    Uni<Void> toSession(PublishEvent publish, Payload publishRecord, String sessionKey, CopyState state) {
        Map<String, String> headers = state == CopyState.SENT
                ? Map.of(Streams.SESSION_TARGET_HEADER, sessionKey, Streams.DUP_HEADER, DUP)
                : Map.of(Streams.SESSION_TARGET_HEADER, sessionKey);
        return publisher.handBack(publishRecord, Streams.publishKey(publish.tenant(), publish.topic()), headers)
                .onItem().invoke(metrics::handedBackToSession)
                .onFailure().recoverWithItem(failure -> {
                    metrics.sessionHandBackFailed();
                    LOG.warnf("message %s not handed back to its session: %s", publish.messageId(),
                            String.valueOf(failure));
                    return null;
                });
    }

    private Void onFailed(PublishEvent publish, String sharedSubscription, Throwable failure) {
        metrics.handBackFailed();
        LOG.warnf("message %s not handed back to %s: %s", publish.messageId(), sharedSubscription,
                String.valueOf(failure));
        return null;
    }
}
