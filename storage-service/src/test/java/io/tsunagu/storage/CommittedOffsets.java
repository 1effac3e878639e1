package io.tsunagu.storage;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The offsets that a channel of the application under test has committed, read with a Kafka admin client. A sink
 * commits a record's offset only after its batch is committed in PostgreSQL, so a committed offset past a record
 * proves the record was applied, even when it left no row to wait for (a tombstone).
 */
public final class CommittedOffsets {

    private CommittedOffsets() {
    }

    /** The committed offset of {@code channel}'s consumer group in {@code partition}, -1 when none. */
    public static long of(String channel, TopicPartition partition) throws Exception {
        Config config = ConfigProvider.getConfig();
        String group = config.getValue("mp.messaging.incoming." + channel + ".group.id", String.class);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.getValue("kafka.bootstrap.servers", String.class)))) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS)
                    .get(partition);
            return committed == null ? -1 : committed.offset();
        }
    }

    /** Whether {@code channel} has committed past {@code record}, that is, processed it. */
    public static boolean isPast(String channel, RecordMetadata record) throws Exception {
        return of(channel, new TopicPartition(record.topic(), record.partition())) > record.offset();
    }
}
