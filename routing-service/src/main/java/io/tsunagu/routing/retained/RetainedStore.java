package io.tsunagu.routing.retained;

import io.tsunagu.contracts.codec.CodecException;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.topic.TopicFilter;
import io.tsunagu.routing.topic.TopicTrie;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every retained message of the platform, built from the retained stream: per tenant, a {@link TopicTrie} from topic
 * name to its {@link RetainedMessage}, and the lookup of the messages a new subscription's filter matches.
 *
 * <p>Rules for applying the stream (keyed by tenant and topic, compacted, each record the topic's latest retained
 * message):
 * <ul>
 *   <li>A publish record replaces the topic's retained message; its bytes are kept as they are.</li>
 *   <li>A tombstone (null value) removes it, and so does a record whose payload is empty, which ingest writes as a
 *       tombstone anyway [MQTT-3.3.1-6].</li>
 *   <li>A record whose key is not a tenant and topic name, whose topic is not a topic name, or that names another
 *       topic than its key is refused as undecodable: compaction works by key, so key and record must agree.</li>
 * </ul>
 *
 * <p>Threading: one writer ({@link #apply}: the retained-stream reader thread) and any number of concurrent readers
 * ({@link #match}, {@link #count}) without locks.
 */
@Singleton
public final class RetainedStore {

    private final Map<String, TopicTrie<RetainedMessage>> tenants = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    /**
     * Applies one record of the retained stream. Writer only.
     *
     * @param key the record key, {@code Streams.publishKey(tenant, topic)}
     * @param value a publish record, or null for a tombstone
     * @throws CodecException when the record cannot be applied
     */
    public RetainedOutcome apply(String key, byte[] value) {
        RetainedKey topic = RetainedKey.fromKey(key)
                .orElseThrow(() -> new CodecException("retained record without a tenant and topic key"));
        if (topic.topic().isEmpty() || TopicFilter.hasWildcard(topic.topic())) {
            throw new CodecException("retained record key does not name a topic: " + topic.topic());
        }
        if (value == null) {
            return remove(topic);
        }
        PublishEvent publish = PublishCodec.decode(value);
        if (!publish.tenant().equals(topic.tenant()) || !publish.topic().equals(topic.topic())) {
            throw new CodecException("retained record for " + publish.topic() + " under the key of " + topic.topic());
        }
        if (publish.payload().isEmpty()) {
            return remove(topic);
        }
        RetainedMessage message = new RetainedMessage(value, publish.topic(), publish.qos(), expiresAt(publish));
        if (tenants.computeIfAbsent(topic.tenant(), tenant -> new TopicTrie<>()).put(topic.topic(), message) == null) {
            count.incrementAndGet();
        }
        return RetainedOutcome.STORED;
    }

    /**
     * The retained messages of {@code tenant} whose topic {@code filter} matches, expired ones included (the caller
     * decides by its own clock). A shared-subscription filter gets none [MQTT-3.8.3-4]. Any thread.
     */
    public List<RetainedMessage> match(String tenant, String filter) {
        TopicTrie<RetainedMessage> trie = tenants.get(tenant);
        if (trie == null || TopicFilter.isShared(filter)) {
            return List.of();
        }
        return trie.match(filter);
    }

    /** The number of retained messages of all tenants. */
    public int count() {
        return count.get();
    }

    private RetainedOutcome remove(RetainedKey topic) {
        TopicTrie<RetainedMessage> trie = tenants.get(topic.tenant());
        if (trie != null && trie.remove(topic.topic()) != null) {
            count.decrementAndGet();
            if (trie.isEmpty()) {
                tenants.remove(topic.tenant(), trie);
            }
        }
        return RetainedOutcome.REMOVED;
    }

    private static Instant expiresAt(PublishEvent publish) {
        OptionalLong interval = publish.properties().messageExpiryInterval();
        return interval.isPresent() ? publish.receivedAt().plusSeconds(interval.getAsLong()) : Instant.MAX;
    }
}
