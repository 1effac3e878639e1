package io.tsunagu.ingest.transport.amqp;

import java.util.ArrayList;
import java.util.List;

/**
 * What a channel in tx mode holds until tx.commit: its publishes and its settlements (acks, nacks, rejects).
 * Event-loop only.
 *
 * @param publishes the publishes since the last commit or rollback
 * @param settlements the settlements since then
 */
record Transaction(List<PublishCommand> publishes, List<Settlement> settlements) {

    Transaction() {
        this(new ArrayList<>(), new ArrayList<>());
    }

    /** One held basic.ack, nack or reject: the deliveries it settles and the SETTLE flags. */
    record Settlement(List<UnackedDeliveries.Unacked> deliveries, int flags) {
    }
}
