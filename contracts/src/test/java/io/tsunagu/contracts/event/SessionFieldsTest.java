package io.tsunagu.contracts.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules of the fields added for persistent sessions, wills, node heartbeats and control instructions: values
 * the records refuse when built, so no codec ever has to write them.
 */
class SessionFieldsTest {

    private static final PublishEvent WILL_MESSAGE = new PublishEvent(new UUID(0, 0), "t", "c", "n", "w", 1,
            false, Instant.EPOCH, MessageProperties.none(), Payload.utf8("bye"));

    private static final Instant AT = Instant.parse("2024-05-01T12:00:00Z");

    private static SessionEvent session(SessionPersistence persistence, Will will, List<Integer> pendingReleases) {
        return new SessionEvent("t", "c", "n", 1, SessionState.DISCONNECTED, List.of(), List.of(), persistence,
                will, pendingReleases, List.of());
    }

    private static SessionEvent releasing(List<Integer> pendingOutboundReleases) {
        return new SessionEvent("t", "c", "n", 1, SessionState.DISCONNECTED, List.of(), List.of(),
                SessionPersistence.none(), null, List.of(), pendingOutboundReleases);
    }

    // SessionState and the new kinds: the ordinals are the wire codes.

    @Test
    void sessionStateOrdinalsAreTheWireCodes() {
        assertThat(SessionState.values()).containsExactly(SessionState.CONNECTED, SessionState.ENDED,
                SessionState.DISCONNECTED, SessionState.TAKEOVER);
        assertThat(SessionState.CONNECTED.ordinal()).isZero();
        assertThat(SessionState.ENDED.ordinal()).isOne();
        assertThat(SessionState.DISCONNECTED.ordinal()).isEqualTo(2);
        assertThat(SessionState.TAKEOVER.ordinal()).isEqualTo(3);
    }

    @Test
    void controlKindOrdinalsAreTheWireCodes() {
        assertThat(ControlKind.values()).containsExactly(ControlKind.TAKEOVER);
        assertThat(ControlKind.TAKEOVER.ordinal()).isZero();
    }

    // SessionPersistence

    @Test
    void neverIsTheLargestFourByteInteger() {
        assertThat(SessionPersistence.NEVER).isEqualTo(4_294_967_295L).isEqualTo((1L << 32) - 1);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 3_600, 4_294_967_294L, 4_294_967_295L})
    void persistenceAcceptsEveryFourByteInterval(long expiryInterval) {
        assertThat(new SessionPersistence(expiryInterval, AT).expiryInterval()).isEqualTo(expiryInterval);
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 4_294_967_296L, Long.MAX_VALUE, Long.MIN_VALUE})
    void persistenceRefusesIntervalsOutOfRange(long expiryInterval) {
        assertThatThrownBy(() -> new SessionPersistence(expiryInterval, AT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("session expiry interval out of range: " + expiryInterval);
    }

    @Test
    void persistenceRequiresItsUpdateTime() {
        assertThatThrownBy(() -> new SessionPersistence(0, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("updatedAt");
    }

    @ParameterizedTest(name = "expiry {0} s")
    @CsvSource({
        "0,           2024-05-01T12:00:00Z",
        "1,           2024-05-01T12:00:01Z",
        "3600,        2024-05-01T13:00:00Z",
        "4294967294,  2160-06-07T18:28:14Z",    // one second short of NEVER: a real, distant expiry
    })
    void sessionExpiresItsIntervalAfterItsUpdate(long expiryInterval, String expiresAt) {
        assertThat(new SessionPersistence(expiryInterval, AT).expiresAt()).isEqualTo(Instant.parse(expiresAt));
    }

    @Test
    void sessionThatNeverExpiresExpiresAtTheEndOfTime() {
        assertThat(new SessionPersistence(SessionPersistence.NEVER, AT).expiresAt()).isEqualTo(Instant.MAX);
        assertThat(new SessionPersistence(SessionPersistence.NEVER, Instant.EPOCH).expiresAt())
                .isEqualTo(Instant.MAX);
    }

    @Test
    void noneEndsWithTheConnection() {
        assertThat(SessionPersistence.none()).isEqualTo(new SessionPersistence(0, Instant.EPOCH));
        assertThat(SessionPersistence.none().expiresAt()).isEqualTo(Instant.EPOCH);
    }

    // Will

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 30, 4_294_967_295L})
    void willAcceptsEveryFourByteDelay(long delayInterval) {
        assertThat(new Will(WILL_MESSAGE, delayInterval).delayInterval()).isEqualTo(delayInterval);
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 4_294_967_296L, Long.MAX_VALUE, Long.MIN_VALUE})
    void willRefusesDelaysOutOfRange(long delayInterval) {
        assertThatThrownBy(() -> new Will(WILL_MESSAGE, delayInterval))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("will delay interval out of range: " + delayInterval);
    }

    @Test
    void willRequiresItsMessage() {
        assertThatThrownBy(() -> new Will(null, 0))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("message");
    }

    // SessionEvent

    @Test
    void shortConstructorMakesASessionWithoutPersistenceWillOrPendingReleases() {
        SessionEvent event = new SessionEvent("t", "c", "n", 1, SessionState.CONNECTED, List.of(), List.of("a"));

        assertThat(event.persistence()).isEqualTo(SessionPersistence.none());
        assertThat(event.will()).isNull();
        assertThat(event.pendingReleases()).isEmpty();
        assertThat(event.pendingOutboundReleases()).isEmpty();
        assertThat(event).isEqualTo(new SessionEvent("t", "c", "n", 1, SessionState.CONNECTED, List.of(),
                List.of("a"), SessionPersistence.none(), null, List.of(), List.of()));
    }

    @ParameterizedTest
    @CsvSource({
        "0,           false",
        "1,           true",
        "4294967295,  true",
    })
    void sessionIsPersistentWhenItOutlivesItsConnection(long expiryInterval, boolean persistent) {
        assertThat(session(new SessionPersistence(expiryInterval, AT), null, List.of()).isPersistent())
                .isEqualTo(persistent);
    }

    @Test
    void sessionMayHaveAWill() {
        Will will = new Will(WILL_MESSAGE, 30);

        assertThat(session(SessionPersistence.none(), will, List.of()).will()).isEqualTo(will);
        assertThat(session(SessionPersistence.none(), will, List.of()))
                .isNotEqualTo(session(SessionPersistence.none(), null, List.of()))
                .isNotEqualTo(session(SessionPersistence.none(), new Will(WILL_MESSAGE, 31), List.of()));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 127, 128, 65_535})
    void sessionAcceptsEveryPacketId(int packetId) {
        assertThat(session(SessionPersistence.none(), null, List.of(packetId)).pendingReleases())
                .containsExactly(packetId);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65_536, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void sessionRefusesPacketIdsOutOfRange(int packetId) {
        assertThatThrownBy(() -> session(SessionPersistence.none(), null, List.of(1, packetId)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("packet identifier out of range: " + packetId);
    }

    @Test
    void sessionCopiesItsPendingReleases() {
        List<Integer> packetIds = new ArrayList<>(List.of(1, 2));
        SessionEvent event = session(SessionPersistence.none(), null, packetIds);

        packetIds.add(3);

        assertThat(event.pendingReleases()).containsExactly(1, 2);
        assertThatThrownBy(() -> event.pendingReleases().add(4))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void sessionRefusesNullPendingReleases() {
        assertThatThrownBy(() -> session(SessionPersistence.none(), null, null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> session(SessionPersistence.none(), null, Arrays.asList(1, null)))
                .isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 127, 128, 65_535})
    void sessionAcceptsEveryOutboundPacketId(int packetId) {
        assertThat(releasing(List.of(packetId)).pendingOutboundReleases()).containsExactly(packetId);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65_536, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void sessionRefusesOutboundPacketIdsOutOfRange(int packetId) {
        assertThatThrownBy(() -> releasing(List.of(1, packetId)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("packet identifier out of range: " + packetId);
    }

    @Test
    void sessionCopiesItsPendingOutboundReleases() {
        List<Integer> packetIds = new ArrayList<>(List.of(5, 4));
        SessionEvent event = releasing(packetIds);

        packetIds.add(3);

        assertThat(event.pendingOutboundReleases()).containsExactly(5, 4);
        assertThatThrownBy(() -> event.pendingOutboundReleases().add(6))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void sessionRefusesNullPendingOutboundReleases() {
        assertThatThrownBy(() -> releasing(null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> releasing(Arrays.asList(1, null)))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void pendingReleasesOfEitherDirectionTellSessionsApart() {
        SessionEvent inbound = session(SessionPersistence.none(), null, List.of(7));

        assertThat(inbound).isNotEqualTo(releasing(List.of(7)));
        assertThat(releasing(List.of(7))).isEqualTo(releasing(List.of(7))).isNotEqualTo(releasing(List.of()));
    }

    @Test
    void sessionRequiresItsPersistence() {
        assertThatThrownBy(() -> session(null, null, List.of()))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("persistence");
    }

    @Test
    void sessionRequiresItsIdentityAndState() {
        assertThatThrownBy(() -> new SessionEvent(null, "c", "n", 1, SessionState.CONNECTED, List.of()))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("tenant");
        assertThatThrownBy(() -> new SessionEvent("t", null, "n", 1, SessionState.CONNECTED, List.of()))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("clientId");
        assertThatThrownBy(() -> new SessionEvent("t", "c", null, 1, SessionState.CONNECTED, List.of()))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("nodeId");
        assertThatThrownBy(() -> new SessionEvent("t", "c", "n", 1, null, List.of()))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("state");
    }

    // NodeEvent and ControlEvent

    @Test
    void nodeEventRequiresItsNodeAndTime() {
        assertThatThrownBy(() -> new NodeEvent(null, 1, AT))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("nodeId");
        assertThatThrownBy(() -> new NodeEvent("n", 1, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("at");
    }

    @Test
    void controlEventRequiresEveryField() {
        assertThatThrownBy(() -> new ControlEvent(null, ControlKind.TAKEOVER, "t", "c", "b"))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("nodeId");
        assertThatThrownBy(() -> new ControlEvent("a", null, "t", "c", "b"))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("kind");
        assertThatThrownBy(() -> new ControlEvent("a", ControlKind.TAKEOVER, null, "c", "b"))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("tenant");
        assertThatThrownBy(() -> new ControlEvent("a", ControlKind.TAKEOVER, "t", null, "b"))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("clientId");
        assertThatThrownBy(() -> new ControlEvent("a", ControlKind.TAKEOVER, "t", "c", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("requestingNode");
    }
}
