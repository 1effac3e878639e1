package io.tsunagu.routing.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The records made from one publish record, collected before the {@link AckGroup} that counts their acks can be
 * made (its size is their number). Single thread: the publish channel's.
 */
final class OutgoingBatch {

    private final List<Function<AckGroup, Message<byte[]>>> records = new ArrayList<>();

    /** Adds a record that reports its ack (or failure) to the group it is given. */
    void add(Function<AckGroup, Message<byte[]>> record) {
        records.add(record);
    }

    /** How many records it holds. */
    int size() {
        return records.size();
    }

    /** Whether it holds none. */
    boolean isEmpty() {
        return records.isEmpty();
    }

    /** The records, each reporting to {@code group}, in the order they were added. */
    List<Message<byte[]>> seal(AckGroup group) {
        List<Message<byte[]>> sealed = new ArrayList<>(records.size());
        records.forEach(record -> sealed.add(record.apply(group)));
        return sealed;
    }
}
