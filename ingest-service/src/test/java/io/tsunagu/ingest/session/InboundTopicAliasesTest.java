package io.tsunagu.ingest.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.error.IngestError;
import io.tsunagu.ingest.session.InboundTopicAliases.Resolution;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** MQTT 5 §3.3.2.3.4, as the receiver of Topic Aliases. */
class InboundTopicAliasesTest {

    @Test
    void publishWithoutAliasKeepsItsTopic() {
        assertThat(new InboundTopicAliases(4).resolve("a/b", OptionalInt.empty()).topic()).isEqualTo("a/b");
    }

    @Test
    void topicWithAliasSetsTheMappingAndAnEmptyTopicUsesIt() {
        InboundTopicAliases aliases = new InboundTopicAliases(4);

        assertThat(aliases.resolve("a/b", OptionalInt.of(4)).topic()).isEqualTo("a/b");
        assertThat(aliases.resolve("", OptionalInt.of(4)).topic()).isEqualTo("a/b");
    }

    @Test
    void topicWithAKnownAliasReplacesTheMapping() {
        InboundTopicAliases aliases = new InboundTopicAliases(4);
        aliases.resolve("a/b", OptionalInt.of(1));

        aliases.resolve("c/d", OptionalInt.of(1));

        assertThat(aliases.resolve("", OptionalInt.of(1)).topic()).isEqualTo("c/d");
    }

    @Test
    void aliasZeroIsTopicAliasInvalid() {
        // [MQTT-3.3.2-8]
        Resolution resolution = new InboundTopicAliases(4).resolve("a", OptionalInt.of(0));

        assertThat(resolution.error()).isEqualTo(IngestError.TOPIC_ALIAS_INVALID);
    }

    @Test
    void aliasAboveOurMaximumIsTopicAliasInvalid() {
        // [MQTT-3.3.2-9]
        Resolution resolution = new InboundTopicAliases(4).resolve("a", OptionalInt.of(5));

        assertThat(resolution.error()).isEqualTo(IngestError.TOPIC_ALIAS_INVALID);
    }

    @Test
    void emptyTopicWithAnAliasThatHasNoMappingIsAProtocolError() {
        Resolution resolution = new InboundTopicAliases(4).resolve("", OptionalInt.of(2));

        assertThat(resolution.error()).isEqualTo(IngestError.PROTOCOL_ERROR);
    }
}
