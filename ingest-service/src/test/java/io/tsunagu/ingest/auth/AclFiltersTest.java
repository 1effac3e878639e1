package io.tsunagu.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.property.ForAll;
import io.tsunagu.contracts.property.Gen;
import io.tsunagu.contracts.topic.TopicFilter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AclFiltersTest {

    /** Levels of the topic names the reference checks against: the filters' literals, '$' and an empty level. */
    private static final List<String> TOPIC_LEVELS = List.of("a", "b", "$s", "z", "");
    private static final List<String> TOPICS = topicsUpTo(4);

    @ParameterizedTest(name = "ACL {0} covers {1}: {2}")
    @CsvSource({
        "a/b,       a/b,       true",
        "a/+,       a/b,       true",
        "a/+,       a/+,       true",
        "a/#,       a/b/c,     true",
        "a/#,       a/+/#,     true",
        "a/#,       a,         true",
        "a/#,       a/#,       true",
        "#,         a/#,       true",
        "#,         #,         true",
        "+/+,       +/b,       true",
        "a/b,       a/+,       false",
        "a/+,       a/#,       false",
        "a/+,       a/b/c,     false",
        "a/+,       a,         false",
        "a/b,       a,         false",
        "a/b/#,     a/+/#,     false",
        "+/#,       #,         true",
        "+/+/#,     #,         false",
        "a/+/#,     a/#,       false",
        "#,         $SYS/#,    false",
        "+/x,       $SYS/x,    false",
        "$SYS/#,    $SYS/x,    true",
        "$SYS/+,    $SYS/#,    false",
    })
    void subscriptionIsCoveredOnlyWhenEveryTopicItMatchesIsAllowed(String acl, String requested, boolean covered) {
        assertThat(AclFilters.covers(acl, requested)).isEqualTo(covered);
    }

    @Test
    void coversAgreesWithTheDefinitionOverEveryTopicUpToFourLevels() {
        ForAll.check(2000, filters().with(filters(), List::of), pair -> {
            String acl = pair.get(0);
            String requested = pair.get(1);
            boolean byDefinition = TOPICS.stream()
                    .filter(topic -> TopicFilter.matches(requested, topic))
                    .allMatch(topic -> TopicFilter.matches(acl, topic));
            assertThat(AclFilters.covers(acl, requested))
                    .as("ACL %s covers %s", acl, requested)
                    .isEqualTo(byDefinition);
        });
    }

    @Test
    void patternLevelsAreReplacedByTheClientIdAndUserName() {
        ClientIdentity client = new ClientIdentity("default", "dev-1", "bob");

        assertThat(AclFilters.expand("devices/%c/#", client)).hasValue("devices/dev-1/#");
        assertThat(AclFilters.expand("users/%u/%c", client)).hasValue("users/bob/dev-1");
    }

    @Test
    void userNamePatternDoesNotApplyWithoutAUserName() {
        assertThat(AclFilters.expand("users/%u", new ClientIdentity("default", "dev-1", null))).isEmpty();
        assertThat(AclFilters.expand("users/%u", new ClientIdentity("default", "dev-1", ""))).isEmpty();
    }

    @Test
    void identitiesWithSeparatorsOrWildcardsCannotStandForALevel() {
        assertThat(AclFilters.isSafeLevel("dev-1")).isTrue();
        assertThat(AclFilters.isSafeLevel("a/b")).isFalse();
        assertThat(AclFilters.isSafeLevel("+")).isFalse();
        assertThat(AclFilters.isSafeLevel("x#")).isFalse();
    }

    @Test
    void sharedSubscriptionIsCheckedWithoutItsSharePrefix() {
        assertThat(AclFilters.withoutSharePrefix("$share/group/a/+")).isEqualTo("a/+");
        assertThat(AclFilters.withoutSharePrefix("a/+")).isEqualTo("a/+");
    }

    /** Valid, non-shared filters of one to four levels over a, b, $s, + and a final #. */
    private static Gen<String> filters() {
        Gen<List<String>> levels = Gen.elements("a", "b", "$s", "+").list(0, 3);
        return levels.with(Gen.booleans(), (list, multiLevel) -> {
            List<String> all = new ArrayList<>(list);
            if (multiLevel || all.isEmpty()) {
                all.add("#");
            }
            return String.join("/", all);
        });
    }

    private static List<String> topicsUpTo(int depth) {
        List<String> topics = new ArrayList<>();
        List<String> previous = List.of("");
        for (int level = 1; level <= depth; level++) {
            List<String> next = new ArrayList<>();
            for (String prefix : previous) {
                for (String part : TOPIC_LEVELS) {
                    next.add(level == 1 ? part : prefix + "/" + part);
                }
            }
            topics.addAll(next);
            previous = next;
        }
        return topics.stream().filter(topic -> !topic.isEmpty()).toList();
    }
}
