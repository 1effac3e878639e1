package io.tsunagu.routing.amqp.queue;

import io.tsunagu.contracts.stream.Streams;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;

/**
 * Takes over partitions assigned to the queue owner: reads the states their previous owner left, notes where the
 * group resumes each stream and where tsunagu.queue ends now (the partition is rebuilt once read up to there), and
 * pauses the control partitions until then: a SETTLE or GET must find the messages it names.
 *
 * <p>Threading: the owner thread only (inside poll, from the rebalance listener).
 */
final class Assignments {

    private static final Logger LOG = Logger.getLogger(Assignments.class);

    private Assignments() {
    }

    /** The partition of tsunagu.queue that the records of the queue {@code key} go to (Kafka's key hashing). */
    static int partitionOf(String key, int partitionCount) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitionCount;
    }

    /** The new partitions among {@code assigned}, each with the states of its queues, still to be rebuilt. */
    static List<PartitionQueues> open(Collection<TopicPartition> assigned, OwnerClients clients, int partitionCount) {
        Set<Integer> numbers = new TreeSet<>();
        assigned.stream().filter(tp -> tp.topic().equals(Streams.QUEUE)).forEach(tp -> numbers.add(tp.partition()));
        if (numbers.isEmpty()) {
            return List.of();
        }
        Map<String, QueueState> states = clients.stateLoader().load(numbers, key -> partitionOf(key,
                partitionCount));
        List<TopicPartition> queueTopics = numbers.stream().map(p -> new TopicPartition(Streams.QUEUE, p)).toList();
        Map<TopicPartition, Long> ends = clients.consumer().endOffsets(queueTopics);
        List<PartitionQueues> opened = new ArrayList<>();
        for (TopicPartition queueTopic : queueTopics) {
            int number = queueTopic.partition();
            Map<String, QueueState> mine = new HashMap<>();
            states.forEach((key, state) -> {
                if (partitionOf(key, partitionCount) == number) {
                    mine.put(key, state);
                }
            });
            TopicPartition control = new TopicPartition(Streams.QUEUE_CONTROL, number);
            opened.add(new PartitionQueues(number, mine, clients.consumer().position(queueTopic),
                    clients.consumer().position(control), ends.getOrDefault(queueTopic, 0L)));
            clients.consumer().pause(List.of(control));
        }
        LOG.infof("Queue partitions %s assigned: rebuilding, %d queues with a state", numbers, states.size());
        return opened;
    }
}
