package io.tsunagu.storage.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.tsunagu.storage.repo.QueuedRecord;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One queued copy as ingest reads it back.
 *
 * @param seq its position in the session's queue
 * @param record the delivery record (contracts DeliveryCodec) as the session-queue stream carried it, base64
 *     (RFC 4648 §4)
 */
@RegisterForReflection
@Schema(description = "A copy queued for an offline session")
public record SessionQueueItem(
        @Schema(description = "Position in the session's queue; pass the last one read as upTo= to delete up to it")
        long seq,
        @Schema(description = "The delivery record (contracts DeliveryCodec, one recipient), base64", format = "byte")
        String record) {

    static SessionQueueItem from(QueuedRecord queued) {
        return new SessionQueueItem(queued.seq(), PayloadText.base64(queued.record()));
    }
}
