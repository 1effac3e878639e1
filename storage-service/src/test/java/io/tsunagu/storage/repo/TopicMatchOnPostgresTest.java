package io.tsunagu.storage.repo;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.topic.TopicFilter;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.storage.TestPublisher;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The conditions {@link SqlBuilder#andTopicMatches} writes select, on PostgreSQL itself, exactly the topics that
 * {@link TopicFilter#matches} accepts: its regular expressions, byte-wise ranges and escaping, on topics full of
 * metacharacters, '$', newlines and multi-byte characters. Pseudo-random with a fixed seed, so reproducible.
 */
@QuarkusTest
@WithTestResource(value = LocalInfraResource.class,
        initArgs = @ResourceArg(name = LocalInfraResource.DATABASE, value = TestPublisher.DATABASE))
class TopicMatchOnPostgresTest {

    private static final List<String> ALPHABET = List.of("a", "b", "$", ".", "*", "\\", "(", ")", "[", "]", "{",
            "}", "^", "|", "?", "%", "_", "\n", " ", "é", "日", "\uffff", "\ud83d\ude00", "\udbff\udfff");

    @Inject
    Pool pool;

    @Test
    void filterConditionsSelectWhatTopicFilterMatchesOnPostgres() {
        Random random = new Random(20_260_501L);
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            topics.add(topic(random));
        }
        for (int i = 0; i < 300; i++) {
            String filter = filterFrom(topics.get(random.nextInt(topics.size())), random);
            assertThat(selectOnPostgres(TopicMatch.ofFilter(filter), topics))
                    .as("filter '%s'", filter)
                    .isEqualTo(topics.stream().filter(t -> TopicFilter.matches(filter, t)).collect(Collectors.toSet()));
        }
    }

    @Test
    void prefixRangeSelectsTheTopicsStartingWithThePrefixOnPostgres() {
        Random random = new Random(7L);
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            topics.add(topic(random));
        }
        for (int i = 0; i < 100; i++) {
            String topic = topics.get(random.nextInt(topics.size()));
            int codePoints = topic.codePointCount(0, topic.length());
            String prefix = topic.substring(0, topic.offsetByCodePoints(0, random.nextInt(codePoints + 1)));
            assertThat(selectOnPostgres(TopicMatch.startingWith(prefix), topics))
                    .as("prefix '%s'", prefix)
                    .isEqualTo(topics.stream().filter(t -> t.startsWith(prefix)).collect(Collectors.toSet()));
        }
    }

    private Set<String> selectOnPostgres(TopicMatch match, List<String> topics) {
        SqlBuilder sql = new SqlBuilder("SELECT topic FROM unnest(")
                .append("?::text[]) AS candidates(topic) WHERE true", (Object) topics.toArray(new String[0]))
                .andTopicMatches("topic", match);
        Set<String> selected = new HashSet<>();
        for (Row row : pool.preparedQuery(sql.sql()).execute(sql.tuple()).await().indefinitely()) {
            selected.add(row.getString("topic"));
        }
        return selected;
    }

    private static String topic(Random random) {
        int levels = 1 + random.nextInt(4);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < levels; i++) {
            parts.add(level(random));
        }
        String topic = String.join("/", parts);
        return topic.isEmpty() ? "x" : topic;
    }

    private static String level(Random random) {
        StringBuilder level = new StringBuilder();
        int length = random.nextInt(4);
        for (int i = 0; i < length; i++) {
            level.append(ALPHABET.get(random.nextInt(ALPHABET.size())));
        }
        return level.toString();
    }

    /** A filter made from a topic: each level kept, replaced by '+' or another literal; maybe cut by '#'. */
    private static String filterFrom(String topic, Random random) {
        String[] parts = topic.split("/", -1);
        int hashAt = random.nextInt(parts.length + 2) - 1;
        List<String> filter = new ArrayList<>();
        for (int i = 0; i < parts.length && i != hashAt; i++) {
            int choice = random.nextInt(4);
            filter.add(choice == 0 ? "+" : choice == 1 ? level(random) : parts[i]);
        }
        if (hashAt >= 0) {
            filter.add("#");
        }
        String joined = String.join("/", filter);
        return joined.isEmpty() ? "+" : joined;
    }
}
