package io.tsunagu.ingest.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.error.IngestError;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.ingest.codec.FilterCheck;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetainedRequestsTest {

    private static final int MQTT5 = 5;
    private static final int MQTT311 = 4;

    @Test
    void retainHandling0AsksEveryTime() {
        // [MQTT-3.3.1-9]: also for a subscription that replaces an identical one.
        assertThat(RetainedRequests.select(List.of(granted("a/#", 0)), Set.of(), MQTT5)).containsExactly("a/#");
        assertThat(RetainedRequests.select(List.of(granted("a/#", 0)), Set.of("a/#"), MQTT5)).containsExactly("a/#");
    }

    @Test
    void retainHandling1AsksOnlyForANewSubscription() {
        // [MQTT-3.3.1-10]
        assertThat(RetainedRequests.select(List.of(granted("a/#", 1)), Set.of(), MQTT5)).containsExactly("a/#");
        assertThat(RetainedRequests.select(List.of(granted("a/#", 1)), Set.of("a/#"), MQTT5)).isEmpty();
    }

    @Test
    void retainHandling2NeverAsks() {
        // [MQTT-3.3.1-11]
        assertThat(RetainedRequests.select(List.of(granted("a/#", 2)), Set.of(), MQTT5)).isEmpty();
    }

    @Test
    void mqtt311AsksOnEverySubscribe() {
        assertThat(RetainedRequests.select(List.of(granted("a/#", 0)), Set.of("a/#"), MQTT311))
                .containsExactly("a/#");
    }

    @Test
    void sharedSubscriptionNeverAsks() {
        assertThat(RetainedRequests.select(List.of(granted("$share/g/a/#", 0)), Set.of(), MQTT5)).isEmpty();
        assertThat(RetainedRequests.select(List.of(granted("$share/g/a/#", 0)), Set.of(), MQTT311)).isEmpty();
    }

    @Test
    void refusedFiltersNeverAsk() {
        FilterCheck refused = FilterCheck.refused("secret/#", IngestError.NOT_AUTHORIZED, "no");

        assertThat(RetainedRequests.select(List.of(refused, granted("b", 0)), Set.of(), MQTT5)).containsExactly("b");
    }

    @Test
    void filtersAreHandledInOrderAndAskedOnce() {
        // The second identical filter finds the first one existing (MQTT 5 §3.8.4: as separate SUBSCRIBEs).
        List<FilterCheck> results = List.of(granted("a", 1), granted("b", 2), granted("a", 1), granted("c", 0),
                granted("c", 0));

        assertThat(RetainedRequests.select(results, Set.of(), MQTT5)).containsExactly("a", "c");
    }

    private static FilterCheck granted(String filter, int retainHandling) {
        return FilterCheck.granted(new Subscription(filter, 1, false, false, retainHandling));
    }
}
