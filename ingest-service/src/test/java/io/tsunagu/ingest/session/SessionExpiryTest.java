package io.tsunagu.ingest.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SessionExpiryTest {

    private static final int MQTT_311 = 4;
    private static final int MQTT_5 = 5;
    private static final long NO_CAP = SessionExpiry.NEVER;

    @Test
    void mqtt311CleanSession0NeverExpiresUnlessCapped() {
        // [MQTT-3.1.2-4] the session outlives the connection; 3.1.1 has no expiry of its own.
        assertThat(SessionExpiry.atConnect(MQTT_311, false, 0, NO_CAP)).isEqualTo(SessionExpiry.NEVER);
        assertThat(SessionExpiry.atConnect(MQTT_311, false, 0, 3600)).isEqualTo(3600);
    }

    @Test
    void mqtt311CleanSession1EndsWithTheConnection() {
        // [MQTT-3.1.2-6]
        assertThat(SessionExpiry.atConnect(MQTT_311, true, 0, NO_CAP)).isZero();
    }

    @Test
    void mqtt5IntervalIsGrantedUpToTheCap() {
        assertThat(SessionExpiry.atConnect(MQTT_5, true, 60, NO_CAP)).isEqualTo(60);
        assertThat(SessionExpiry.atConnect(MQTT_5, false, 7200, 3600)).isEqualTo(3600);
        assertThat(SessionExpiry.atConnect(MQTT_5, false, 0, 3600)).isZero();
    }

    @Test
    void disconnectWithoutIntervalKeepsTheCurrentOne() {
        SessionExpiry.Change change = SessionExpiry.atDisconnect(60, 60, OptionalLong.empty(), NO_CAP);

        assertThat(change).isEqualTo(new SessionExpiry.Change(60, false));
    }

    @Test
    void disconnectWithZeroEndsThePersistentSession() {
        SessionExpiry.Change change = SessionExpiry.atDisconnect(60, 60, OptionalLong.of(0), NO_CAP);

        assertThat(change).isEqualTo(new SessionExpiry.Change(0, false));
    }

    @Test
    void disconnectSettingAnIntervalAfterConnectAskedForNoneIsAProtocolError() {
        // MQTT 5 §3.14.2.2.2: non-zero after a CONNECT Session Expiry Interval of 0.
        SessionExpiry.Change change = SessionExpiry.atDisconnect(0, 0, OptionalLong.of(30), NO_CAP);

        assertThat(change).isEqualTo(new SessionExpiry.Change(0, true));
    }

    @Test
    void disconnectIntervalIsCapped() {
        SessionExpiry.Change change = SessionExpiry.atDisconnect(60, 60, OptionalLong.of(99_999), 3600);

        assertThat(change.expiry()).isEqualTo(3600);
    }

    @Test
    void termsOfAPersistentSessionOrOfCleanStart0NeedALookup() {
        assertThat(new SessionTerms(true, 60, 60).needsLookup()).isTrue();
        assertThat(new SessionTerms(false, 0, 0).needsLookup()).isTrue();
        assertThat(new SessionTerms(true, 0, 0).needsLookup()).isFalse();
        assertThat(new SessionTerms(true, 0, 0).isPersistent()).isFalse();
    }
}
