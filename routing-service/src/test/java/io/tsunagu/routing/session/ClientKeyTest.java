package io.tsunagu.routing.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.stream.Streams;
import org.junit.jupiter.api.Test;

class ClientKeyTest {

    @Test
    void sessionKeyRoundTrips() {
        ClientKey client = new ClientKey("tenant", "client/with\u0000odd chars");

        assertThat(ClientKey.fromSessionKey(Streams.sessionKey("tenant", "client/with\u0000odd chars")))
                .contains(client);
        assertThat(client.toSessionKey()).isEqualTo(Streams.sessionKey("tenant", "client/with\u0000odd chars"));
    }

    @Test
    void keyWithoutSeparatorIsNotASessionKey() {
        assertThat(ClientKey.fromSessionKey("no-separator")).isEmpty();
    }

    @Test
    void missingKeyIsNotASessionKey() {
        assertThat(ClientKey.fromSessionKey(null)).isEmpty();
    }
}
