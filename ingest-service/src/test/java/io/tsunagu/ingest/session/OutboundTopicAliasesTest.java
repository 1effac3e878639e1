package io.tsunagu.ingest.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.ingest.session.OutboundTopicAliases.Assignment;
import org.junit.jupiter.api.Test;

/** MQTT 5 §3.3.2.3.4, as the sender of Topic Aliases. */
class OutboundTopicAliasesTest {

    @Test
    void clientWithoutTopicAliasMaximumGetsNoAliases() {
        // [MQTT-3.1.2-27]
        assertThat(new OutboundTopicAliases(0).assign("a")).isEmpty();
    }

    @Test
    void firstSendCarriesTheTopicAndLaterSendsOnlyTheAlias() {
        OutboundTopicAliases aliases = new OutboundTopicAliases(2);

        assertThat(aliases.assign("a")).contains(new Assignment(1, false));
        assertThat(aliases.assign("a")).contains(new Assignment(1, true));
        assertThat(aliases.assign("b")).contains(new Assignment(2, false));
    }

    @Test
    void whenEveryAliasIsTakenTheLeastRecentlyUsedTopicGivesItsAliasUp() {
        // Never above the client's maximum [MQTT-3.3.2-11].
        OutboundTopicAliases aliases = new OutboundTopicAliases(2);
        aliases.assign("a");
        aliases.assign("b");
        aliases.assign("a");

        assertThat(aliases.assign("c")).contains(new Assignment(2, false));
        assertThat(aliases.assign("a")).contains(new Assignment(1, true));
        assertThat(aliases.assign("b")).contains(new Assignment(2, false));
    }

    @Test
    void aWithdrawnNewAliasIsSentWithItsTopicAgain() {
        OutboundTopicAliases aliases = new OutboundTopicAliases(2);
        Assignment first = aliases.assign("a").orElseThrow();

        aliases.withdraw("a", first);

        assertThat(aliases.assign("a")).contains(new Assignment(1, false));
    }

    @Test
    void withdrawingAKnownAliasKeepsTheMapping() {
        OutboundTopicAliases aliases = new OutboundTopicAliases(2);
        aliases.assign("a");
        Assignment known = aliases.assign("a").orElseThrow();

        aliases.withdraw("a", known);

        assertThat(aliases.assign("a")).contains(new Assignment(1, true));
    }
}
