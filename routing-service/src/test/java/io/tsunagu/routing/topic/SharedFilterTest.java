package io.tsunagu.routing.topic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Taking {@code $share/{ShareName}/{filter}} apart (MQTT 5 §4.8.2). */
class SharedFilterTest {

    @ParameterizedTest(name = "{0} is group {1} of filter {2}")
    @CsvSource({
        "$share/g/a,            g,      a",
        "$share/g/a/b/#,        g,      a/b/#",
        "$share/consumers/+,    consumers, +",
        "$share/g/#,            g,      #",
        "$share/g//a,           g,      /a",
        "$share/g/$SYS/x,       g,      $SYS/x",
        "$share/\u00e9/t,       \u00e9, t",
    })
    void sharedFilterIsSplitAtTheFirstSlashAfterTheShareName(String shared, String shareName, String filter) {
        assertThat(SharedFilter.parse(shared)).contains(new SharedFilter(shareName, filter));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "a/b",              // not shared
        "$share",           // no ShareName
        "$share/",          // empty ShareName, no filter
        "$share//a",        // empty ShareName [MQTT-4.8.2-1]
        "$share/g",         // no filter
        "$share/g/",        // empty filter
        "$SHARE/g/a",       // the prefix is case-sensitive
    })
    void malformedSharedFiltersAreNotTakenApart(String filter) {
        assertThat(SharedFilter.parse(filter)).isEmpty();
    }

    @Test
    void nullIsNotASharedFilter() {
        assertThat(SharedFilter.parse(null)).isEmpty();
    }

    @Test
    void toStringIsTheFilterAsSubscribed() {
        assertThat(new SharedFilter("g", "a/+")).hasToString("$share/g/a/+");
    }
}
