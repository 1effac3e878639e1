package io.tsunagu.storage.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PageCursorTest {

    @Test
    void seqCursorRoundTrips() {
        assertThat(PageCursor.toSeq(PageCursor.ofSeq(123_456_789_012L))).isEqualTo(123_456_789_012L);
    }

    @Test
    void absentCursorStartsAtTheBeginning() {
        assertThat(PageCursor.toSeq(null)).isZero();
        assertThat(PageCursor.toTopic(null)).isNull();
    }

    @Test
    void topicCursorRoundTripsAnyTopic() {
        assertThat(PageCursor.toTopic(PageCursor.ofTopic("$SYS/日本/😀"))).isEqualTo("$SYS/日本/😀");
    }

    @Test
    void cursorIsUrlSafe() {
        assertThat(PageCursor.ofSeq(Long.MAX_VALUE)).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void topicCursorIsNotAcceptedForMessages() {
        assertThatThrownBy(() -> PageCursor.toSeq(PageCursor.ofTopic("a/b")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("nextCursor");
    }

    @Test
    void retainedCursorRoundTripsAnyTopic() {
        assertThat(PageCursor.toRetainedTopic(PageCursor.ofRetainedTopic("$SYS/日本/😀"))).isEqualTo("$SYS/日本/😀");
        assertThat(PageCursor.toRetainedTopic(null)).isNull();
    }

    @Test
    void topicsAndRetainedCursorsAreNotInterchangeable() {
        assertThatThrownBy(() -> PageCursor.toRetainedTopic(PageCursor.ofTopic("a/b")))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> PageCursor.toTopic(PageCursor.ofRetainedTopic("a/b")))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void malformedBase64IsRejectedAsInvalidCursor() {
        assertThatThrownBy(() -> PageCursor.toSeq("%%%"))
                .isInstanceOf(InvalidParameterException.class)
                .extracting(e -> ((InvalidParameterException) e).parameter())
                .isEqualTo("cursor");
    }
}
