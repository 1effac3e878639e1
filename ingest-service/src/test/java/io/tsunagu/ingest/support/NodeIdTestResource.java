package io.tsunagu.ingest.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.UUID;

/**
 * Gives each test run its own node id, so its delivery stream and consumer group are not shared with another
 * run or another module's tests on the same Kafka.
 */
public final class NodeIdTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("tsunagu.ingest.node-id", "ingest-test-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Override
    public void stop() {
        // Nothing to release.
    }
}
