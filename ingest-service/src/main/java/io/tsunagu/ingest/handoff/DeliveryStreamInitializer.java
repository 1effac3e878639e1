package io.tsunagu.ingest.handoff;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.tsunagu.ingest.config.IngestOptions;
import io.tsunagu.ingest.config.NodeIdentity;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Creates this node's delivery stream (one partition, so deliveries keep their order) when it does not exist,
 * before the messaging channels start consuming it. Kafka being unreachable or refusing fails the start: a node
 * that cannot receive deliveries must not take connections.
 */
@ApplicationScoped
public class DeliveryStreamInitializer {

    /** Startup order: after the node id was validated, before SmallRye Reactive Messaging starts its channels. */
    public static final int PRIORITY = NodeIdentity.VALIDATION_PRIORITY + 1;

    private static final Logger LOG = Logger.getLogger(DeliveryStreamInitializer.class);

    @Inject
    NodeIdentity identity;

    @Inject
    IngestOptions options;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    void onStart(@Observes @Priority(PRIORITY) StartupEvent event) {
        String topic = identity.deliveryStream();
        Duration timeout = options.deliveryStream().adminTimeout();
        try (Admin admin = Admin.create(adminConfig(timeout))) {
            createIfMissing(admin, topic, timeout);
        }
    }

    private Map<String, Object> adminConfig(Duration timeout) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "tsunagu-ingest-admin-" + identity.nodeId());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        return config;
    }

    private void createIfMissing(Admin admin, String topic, Duration timeout) {
        Optional<Short> replication = options.deliveryStream().replicationFactor().stream()
                .mapToObj(factor -> (short) factor)
                .findFirst();
        NewTopic newTopic = new NewTopic(topic, Optional.of(1), replication);
        try {
            admin.createTopics(List.of(newTopic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.infof("created delivery stream %s", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create delivery stream " + topic, e.getCause());
            }
            LOG.debugf("delivery stream %s exists", topic);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + timeout + " creating " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + topic, e);
        }
    }
}
