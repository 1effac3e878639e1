package io.tsunagu.routing.amqp.queue;

import io.tsunagu.contracts.amqp.AmqpMessage;
import io.tsunagu.contracts.amqp.AmqpPublishEvent;
import io.tsunagu.contracts.amqp.ChannelRef;
import io.tsunagu.contracts.event.MessageIds;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Republishes dead-lettered messages through routing like any publish (docs/design/amqp.md): an
 * {@link AmqpPublishEvent} on tsunagu.publish from a channel naming the owner (node {@value #NODE}, the queue as the
 * connection, so one queue's dead letters keep their order), publishSeq 0 and not mandatory, so routing answers
 * nobody. The source message is settled only once Kafka acknowledged the republish (at least once: a failover before
 * that dead-letters it again). Acknowledgements arrive on Kafka's I/O thread and are applied on the owner thread
 * ({@link #drain}).
 */
final class DeadLetterPublisher {

    /** The node id of the channel dead letters are published from: no ingest node has it. */
    static final String NODE = "tsunagu-routing-queues";
    private static final Logger LOG = Logger.getLogger(DeadLetterPublisher.class);

    private final QueueWriter writer;
    private final Queue<Acked> acked = new ConcurrentLinkedQueue<>();

    /** A republish Kafka answered: of the message at {@code offset} of {@code queue}, {@code ok} or failed. */
    record Acked(OwnedQueue queue, long offset, boolean ok) {
    }

    DeadLetterPublisher(QueueWriter writer) {
        this.writer = writer;
    }

    /** Republishes {@code message}, dead-lettered from {@code queue}'s offset {@code offset}. */
    void publish(OwnedQueue queue, long offset, AmqpMessage message) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ChannelRef channel = new ChannelRef(NODE, "dead-letters:" + queue.name(), 0);
        AmqpPublishEvent event = new AmqpPublishEvent(MessageIds.next(now.toEpochMilli()), now, queue.vhost(),
                channel, 0, false, message);
        writer.publish(event, failure -> {
            if (failure != null) {
                LOG.warnf("A message dead-lettered from %s was not republished: %s", queue.describe(),
                        failure.getMessage());
            }
            acked.add(new Acked(queue, offset, failure == null));
        });
    }

    /** Hands every republish answered so far to {@code sink} (owner thread). */
    void drain(Consumer<Acked> sink) {
        for (Acked next = acked.poll(); next != null; next = acked.poll()) {
            sink.accept(next);
        }
    }
}
