package io.tsunagu.routing.amqp.queue;

import io.tsunagu.contracts.amqp.QueueCommand;
import io.tsunagu.contracts.amqp.QueueMessage;
import io.tsunagu.contracts.codec.CodecException;
import io.tsunagu.contracts.codec.QueueCommandCodec;
import io.tsunagu.contracts.codec.QueueMessageCodec;
import io.tsunagu.contracts.stream.Streams;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * A decoded record for one queue: a message from tsunagu.queue or a command from tsunagu.queue-control, with what
 * its owner needs of the Kafka record.
 */
sealed interface QueueRecord {

    /** The record {@code record} of tsunagu.queue or tsunagu.queue-control, decoded; empty when undecodable. */
    static Optional<QueueRecord> of(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(record.topic().equals(Streams.QUEUE)
                    ? new Message(record.offset(), record.serializedValueSize(),
                            QueueMessageCodec.decode(record.value()))
                    : new Command(record.offset(), record.timestamp(), QueueCommandCodec.decode(record.value())));
        } catch (CodecException e) {
            Logger.getLogger(QueueRecord.class).warnf("Skipping undecodable record %s-%d@%d: %s", record.topic(),
                    record.partition(), record.offset(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Its offset in its own stream. */
    long offset();

    /** The queue's key (Streams.queueKey). */
    String queueKey();

    /**
     * A message.
     *
     * @param offset its offset in tsunagu.queue
     * @param size its record's size in bytes
     * @param message the message
     */
    record Message(long offset, int size, QueueMessage message) implements QueueRecord {

        @Override
        public String queueKey() {
            return Streams.queueKey(message.vhost(), message.queue());
        }
    }

    /**
     * A command.
     *
     * @param offset its offset in tsunagu.queue-control
     * @param timestamp its record time (epoch ms, the writing ingest node's clock)
     * @param command the command
     */
    record Command(long offset, long timestamp, QueueCommand command) implements QueueRecord {

        @Override
        public String queueKey() {
            return Streams.queueKey(command.vhost(), command.queue());
        }
    }
}
