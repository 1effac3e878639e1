package io.tsunagu.ingest.support;

import io.tsunagu.contracts.amqp.AmqpDelivery;
import io.tsunagu.contracts.amqp.AmqpPublishEvent;
import io.tsunagu.contracts.amqp.QueueCommand;
import io.tsunagu.contracts.codec.AmqpDeliveryCodec;
import io.tsunagu.contracts.codec.AmqpPublishCodec;
import io.tsunagu.contracts.codec.EventType;
import io.tsunagu.contracts.codec.QueueCommandCodec;
import io.tsunagu.contracts.codec.RecordHeader;
import io.tsunagu.contracts.stream.Streams;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Plays routing's part for the AMQP listener under test, on the real streams: reads the queue commands and AMQP
 * publishes ingest writes (from the streams' ends when created) and writes {@link AmqpDelivery} records (replies,
 * deliveries, outcomes, returns) to the node's delivery stream, as queue owners and the router would.
 */
public final class QueueOwnerStandIn implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final KafkaTestClient kafka;
    private final String nodeId;
    private final Map<TopicPartition, Long> commandsFrom;
    private final Map<TopicPartition, Long> publishesFrom;

    public QueueOwnerStandIn(String bootstrapServers, String nodeId) {
        this.kafka = new KafkaTestClient(bootstrapServers);
        this.nodeId = nodeId;
        this.commandsFrom = kafka.endOffsets(Streams.QUEUE_CONTROL);
        this.publishesFrom = kafka.endOffsets(Streams.PUBLISH);
    }

    /** The first {@code count} queue commands since creation that match {@code match}, in order per queue. */
    public List<QueueCommand> awaitCommands(Predicate<QueueCommand> match, int count) {
        return kafka.awaitRecords(commandsFrom, record -> isType(record, EventType.QUEUE_COMMAND)
                        && match.test(QueueCommandCodec.decode(record.value())), count, WAIT).stream()
                .map(record -> QueueCommandCodec.decode(record.value()))
                .toList();
    }

    /** The first queue command since creation that matches {@code match}. */
    public QueueCommand awaitCommand(Predicate<QueueCommand> match) {
        return awaitCommands(match, 1).get(0);
    }

    /** Queue commands matching {@code match} seen within {@code period}: for asserting that none is sent. */
    public List<QueueCommand> commandsWithin(Predicate<QueueCommand> match, Duration period) {
        return kafka.collectFor(commandsFrom, record -> isType(record, EventType.QUEUE_COMMAND)
                        && match.test(QueueCommandCodec.decode(record.value())), period).stream()
                .map(record -> QueueCommandCodec.decode(record.value()))
                .toList();
    }

    /** The first AMQP publish record since creation whose event matches {@code match}. */
    public ConsumerRecord<String, byte[]> awaitPublish(Predicate<AmqpPublishEvent> match) {
        return kafka.awaitRecords(publishesFrom, record -> isType(record, EventType.AMQP_PUBLISH)
                && match.test(AmqpPublishCodec.decode(record.value())), 1, WAIT).get(0);
    }

    /** AMQP publish events matching {@code match} seen within {@code period}: for asserting that none is sent. */
    public List<AmqpPublishEvent> publishesWithin(Predicate<AmqpPublishEvent> match, Duration period) {
        return kafka.collectFor(publishesFrom, record -> isType(record, EventType.AMQP_PUBLISH)
                        && match.test(AmqpPublishCodec.decode(record.value())), period).stream()
                .map(record -> AmqpPublishCodec.decode(record.value()))
                .toList();
    }

    /** Writes {@code delivery} to the node's delivery stream, as an owner or the router does. */
    public void write(AmqpDelivery delivery) throws Exception {
        kafka.send(Streams.deliveryStream(nodeId), nodeId, AmqpDeliveryCodec.encode(delivery));
    }

    private static boolean isType(ConsumerRecord<String, byte[]> record, EventType type) {
        return record.value() != null && RecordHeader.typeOf(record.value()) == type;
    }

    @Override
    public void close() {
        kafka.close();
    }
}
