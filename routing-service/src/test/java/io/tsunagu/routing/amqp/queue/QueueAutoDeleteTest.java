package io.tsunagu.routing.amqp.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tsunagu.contracts.amqp.AmqpDeliveryKind;
import io.tsunagu.contracts.amqp.ChannelRef;
import io.tsunagu.contracts.amqp.QueueCommand;
import io.tsunagu.contracts.amqp.QueueCommandKind;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.routing.amqp.queue.QueueStreams.NodeReader;
import io.tsunagu.routing.amqp.topology.QueueDirectory;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * An auto-delete queue is deleted in storage when its last consumer goes, and a queue with x-expires when it was
 * unused that long, as RabbitMQ deletes them.
 */
@QuarkusTest
@TestProfile(StorageStub.class)
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
class QueueAutoDeleteTest {

    @Inject
    QueueDirectory directory;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void cancellingTheLastConsumerOfAnAutoDeleteQueueDeletesItInStorage() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String vhost = "vhost-" + run;
        String nodeId = "queue-test-" + run;
        try (QueueStreams streams = new QueueStreams(bootstrapServers)) {
            streams.createQueueStreams();
            streams.createDeliveryStream(nodeId);
            streams.declareQueue(vhost, "auto", Map.of(), QueueStreams.Deletion.AUTO_DELETE);
            QueueStreams.waiting().until(() -> directory.queue(vhost, "auto").isPresent());
            ChannelRef first = new ChannelRef(nodeId, "conn", 1);
            ChannelRef second = new ChannelRef(nodeId, "conn", 2);
            try (NodeReader node = streams.node(nodeId)) {
                streams.send(new QueueCommand(vhost, "auto", QueueCommandKind.CONSUME, first, "c1", 1, 0, 0, null));
                streams.send(new QueueCommand(vhost, "auto", QueueCommandKind.CONSUME, second, "c2", 2, 0, 0, null));
                streams.send(new QueueCommand(vhost, "auto", QueueCommandKind.CANCEL, first, "c1", 0, 0, 0, null));
                long status = 3;
                streams.send(new QueueCommand(vhost, "auto", QueueCommandKind.STATUS, first, "", status, 0, 0, null));
                QueueStreams.waiting().until(() -> node.poll().stream()
                        .anyMatch(d -> d.kind() == AmqpDeliveryKind.REPLY && d.requestId() == status));
                assertThat(StorageStub.requests()).noneMatch(request -> request.contains(vhost));

                streams.send(QueueCommand.of(vhost, "auto", QueueCommandKind.CHANNEL_CLOSED, second));
                QueueStreams.waiting().until(() -> StorageStub.requests()
                        .contains("DELETE /internal/amqp/" + vhost + "/queues/auto"));
            }
        }
    }

    @Test
    void aQueueUnusedForItsExpiresIsDeletedInStorageAndOneWithAConsumerIsNot() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String vhost = "vhost-" + run;
        String nodeId = "queue-test-" + run;
        try (QueueStreams streams = new QueueStreams(bootstrapServers)) {
            streams.createQueueStreams();
            streams.createDeliveryStream(nodeId);
            streams.declareQueue(vhost, "busy", Map.of("x-expires", 300L));
            streams.send(new QueueCommand(vhost, "busy", QueueCommandKind.CONSUME, new ChannelRef(nodeId, "conn", 1),
                    "c1", 1, 0, 0, null));
            streams.declareQueue(vhost, "idle", Map.of("x-expires", 300L));
            // ingest asks the owner for queue.declare-ok's counts, which starts the queue's x-expires.
            streams.send(new QueueCommand(vhost, "idle", QueueCommandKind.STATUS, new ChannelRef(nodeId, "conn", 1), "",
                    2, 0, 0, null));

            QueueStreams.waiting().until(() -> StorageStub.requests()
                    .contains("DELETE /internal/amqp/" + vhost + "/queues/idle"));
            assertThat(StorageStub.requests()).doesNotContain("DELETE /internal/amqp/" + vhost + "/queues/busy");
        }
    }
}
