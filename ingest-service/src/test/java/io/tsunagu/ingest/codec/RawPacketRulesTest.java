package io.tsunagu.ingest.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tsunagu.contracts.error.IngestError;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RawPacketRulesTest {

    private static final int[] LEVELS = {0, 3, 4, 5};

    @Test
    void mqtt31EmptyClientIdIsRejected() {
        ByteBuf connect = packet(0x10,
                0x00, 0x06, 'M', 'Q', 'I', 's', 'd', 'p',
                0x03,                             // level 3
                0x02,                             // Clean Session
                0x00, 0x1E,
                0x00, 0x00);                      // client id ""

        assertThat(RawPacketRules.check(connect, 0).error()).isEqualTo(IngestError.CLIENT_IDENTIFIER_NOT_VALID);
        assertThat(RawPacketRules.protocolLevel(connect)).contains(3);
    }

    @Test
    void mqtt311PasswordWithoutUserNameIsMalformed() {
        ByteBuf connect = packet(0x10,
                0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04,
                0x42,                             // Clean Session, Password, no User Name
                0x00, 0x3C,
                0x00, 0x01, 'c',
                0x00, 0x02, 'p', 'w');

        assertThat(RawPacketRules.check(connect, 0).error()).isEqualTo(IngestError.MALFORMED_PACKET);
    }

    @Test
    void mqtt5PasswordWithoutUserNameIsAllowed() {
        ByteBuf connect = packet(0x10,
                0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05,
                0x42,
                0x00, 0x3C,
                0x00,
                0x00, 0x01, 'c',
                0x00, 0x02, 'p', 'w');

        assertThat(RawPacketRules.check(connect, 0).isPassed()).isTrue();
    }

    @Test
    void repeatedPublishPropertyIsAProtocolErrorButUserPropertiesMayRepeat() {
        ByteBuf repeated = packet(0x32,
                0x00, 0x01, 'a', 0x00, 0x01,
                0x07,
                0x01, 0x01,                       // Payload Format Indicator 1
                0x23, 0x00, 0x01,                 // Topic Alias 1
                0x01, 0x00);                      // Payload Format Indicator again
        ByteBuf userProperties = packet(0x30,
                0x00, 0x01, 'a',
                0x0E,
                0x26, 0x00, 0x01, 'k', 0x00, 0x01, '1',
                0x26, 0x00, 0x01, 'k', 0x00, 0x01, '2');

        assertThat(RawPacketRules.check(repeated, 5).error()).isEqualTo(IngestError.PROTOCOL_ERROR);
        assertThat(RawPacketRules.check(userProperties, 5).isPassed()).isTrue();
        // 3.1.1 packets have no properties: the same bytes are the payload.
        assertThat(RawPacketRules.check(repeated, 4).isPassed()).isTrue();
    }

    @Test
    void repeatedPropertyInAcknowledgementsDisconnectAndUnsubscribeIsAProtocolError() {
        ByteBuf puback = packet(0x40, 0x00, 0x01, 0x00, 0x08,
                0x1F, 0x00, 0x01, 'r', 0x1F, 0x00, 0x01, 's');
        ByteBuf disconnect = packet(0xE0, 0x00, 0x0A,
                0x11, 0x00, 0x00, 0x00, 0x01, 0x11, 0x00, 0x00, 0x00, 0x02);
        ByteBuf unsubscribe = packet(0xA2, 0x00, 0x01, 0x08,
                0x1F, 0x00, 0x01, 'r', 0x1F, 0x00, 0x01, 's', 0x00, 0x01, 'a');

        assertThat(RawPacketRules.check(puback, 5).error()).isEqualTo(IngestError.PROTOCOL_ERROR);
        assertThat(RawPacketRules.check(disconnect, 5).error()).isEqualTo(IngestError.PROTOCOL_ERROR);
        assertThat(RawPacketRules.check(unsubscribe, 5).error()).isEqualTo(IngestError.PROTOCOL_ERROR);
    }

    @Test
    void shortAcknowledgementsHaveNoPropertiesToCheck() {
        assertThat(RawPacketRules.check(packet(0x40, 0x00, 0x01), 5).isPassed()).isTrue();
        assertThat(RawPacketRules.check(packet(0x40, 0x00, 0x01, 0x10), 5).isPassed()).isTrue();
        assertThat(RawPacketRules.check(packet(0xE0), 5).isPassed()).isTrue();
    }

    @Test
    void reservedSubscriptionOptionBitsAreMalformed() {
        ByteBuf mqtt5 = packet(0x82, 0x00, 0x01, 0x00, 0x00, 0x01, 'a', 0x01, 0x00, 0x01, 'b', 0x41);
        ByteBuf mqtt311 = packet(0x82, 0x00, 0x01, 0x00, 0x01, 'a', 0x05);
        ByteBuf fine5 = packet(0x82, 0x00, 0x01, 0x00, 0x00, 0x01, 'a', 0x2E);

        assertThat(RawPacketRules.check(mqtt5, 5).error()).isEqualTo(IngestError.MALFORMED_PACKET);
        assertThat(RawPacketRules.check(mqtt311, 4).error()).isEqualTo(IngestError.MALFORMED_PACKET);
        assertThat(RawPacketRules.check(fine5, 5).isPassed()).isTrue();
    }

    @Test
    void bytesThatDoNotParseAreLeftToTheDecoder() {
        ByteBuf unknownProperty = packet(0x30, 0x00, 0x01, 'a', 0x02, 0x7F, 0x00);
        ByteBuf cutProperties = packet(0x30, 0x00, 0x01, 'a', 0x09, 0x01);

        assertThat(RawPacketRules.check(unknownProperty, 5).isPassed()).isTrue();
        assertThat(RawPacketRules.check(cutProperties, 5).isPassed()).isTrue();
    }

    @Test
    void randomBytesNeverThrowAndNeverMoveTheBuffer() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[1 + random.nextInt(64)];
            random.nextBytes(bytes);
            // Mostly well-formed fixed headers, so the rules get past them.
            bytes[0] = (byte) ((random.nextInt(16) << 4) | random.nextInt(16));
            if (bytes.length > 1) {
                bytes[1] = (byte) (bytes.length - 2);
            }
            ByteBuf buffer = Unpooled.wrappedBuffer(bytes);

            RawPacketRules.check(buffer, LEVELS[random.nextInt(LEVELS.length)]);
            RawPacketRules.protocolLevel(buffer);

            assertThat(buffer.readerIndex()).isZero();
        }
    }

    /** A packet: the first byte, the remaining length (one byte here), then {@code body}. */
    private static ByteBuf packet(int first, int... body) {
        byte[] bytes = new byte[body.length + 2];
        bytes[0] = (byte) first;
        bytes[1] = (byte) body.length;
        for (int i = 0; i < body.length; i++) {
            bytes[i + 2] = (byte) body[i];
        }
        return Unpooled.wrappedBuffer(bytes);
    }
}
