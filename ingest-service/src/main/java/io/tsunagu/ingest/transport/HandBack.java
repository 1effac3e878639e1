package io.tsunagu.ingest.transport;

import io.smallrye.mutiny.Uni;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.ingest.handoff.IngestPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Gives a QoS 1 or 2 copy that a member of a shared subscription will never acknowledge back to its group, so that
 * routing hands it to another member (MQTT 5 §4.8.2: a message that was not acknowledged when the session ended
 * goes to another session of the group). The copy is written back to the publish stream once per shared
 * subscription it was chosen through, as the original publish record with the target subscription and this client
 * in Kafka headers ({@link IngestPublisher#handBack}). Counted in {@value IngestMetrics#SHARED_HAND_BACKS} by
 * outcome. Thread-safe.
 */
@ApplicationScoped
public class SharedHandBack {

    private static final Logger LOG = Logger.getLogger(SharedHandBack.class);

    private final IngestPublisher publisher;
    private final IngestMetrics metrics;

    SharedHandBack(IngestPublisher publisher, IngestMetrics metrics) {
        this.publisher = publisher;
        this.metrics = metrics;
    }

    /**
     * Hands the copy of {@code publish} (whose publish-stream record is {@code publishRecord}) that {@code clientId}
     * received through {@code sharedSubscriptions} back to each of them. The {@link Uni} completes when Kafka
     * acknowledged or refused every record; it never fails: a refused hand-back is logged and counted, and the
     * copy is lost to the group, as it would be without hand-back.
     */
    Uni<Void> handBack(PublishEvent publish, Payload publishRecord, List<String> sharedSubscriptions,
            String clientId) {
        String key = Streams.publishKey(publish.tenant(), publish.topic());
        List<Uni<Void>> handBacks = new ArrayList<>(sharedSubscriptions.size());
        for (String sharedSubscription : sharedSubscriptions) {
            handBacks.add(publisher.handBack(publishRecord, key, sharedSubscription, clientId)
                    .onItem().invoke(metrics::handedBack)
                    .onFailure().recoverWithItem(failure -> onFailed(publish, sharedSubscription, failure)));
        }
        if (handBacks.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(handBacks).andFailFast().replaceWithVoid();
    }

    private Void onFailed(PublishEvent publish, String sharedSubscription, Throwable failure) {
        metrics.handBackFailed();
        LOG.warnf("message %s not handed back to %s: %s", publish.messageId(), sharedSubscription,
                String.valueOf(failure));
        return null;
    }
}
