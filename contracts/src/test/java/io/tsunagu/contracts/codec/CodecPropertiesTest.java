package io.tsunagu.contracts.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tsunagu.contracts.event.ControlEvent;
import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.DeliveryKind;
import io.tsunagu.contracts.event.DeliverySource;
import io.tsunagu.contracts.event.NodeEvent;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.property.ForAll;
import io.tsunagu.contracts.property.Gen;
import java.util.Arrays;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Properties of the five codecs over arbitrary events and arbitrary bytes (see {@link ForAll} for seeds). */
class CodecPropertiesTest {

    /** Truncation properties decode every prefix of each sample, so they draw fewer samples. */
    private static final int TRUNCATION_TRIES = 300;

    private static final Gen<PublishEvent> PUBLISHES = EventGenerators.publishEvents();
    private static final Gen<SessionEvent> SESSIONS = EventGenerators.sessionEvents();
    private static final Gen<DeliveryEvent> DELIVERIES = EventGenerators.deliveryEvents();
    private static final Gen<NodeEvent> NODES = EventGenerators.nodeEvents();
    private static final Gen<ControlEvent> CONTROLS = EventGenerators.controlEvents();

    /** Sessions with a will, whose embedded publish record the corruption of a whole record seldom reaches. */
    private static final Gen<SessionEvent> SESSIONS_WITH_WILLS = SESSIONS.filter(event -> event.will() != null);

    /** A valid record with one byte replaced. */
    private static final Gen<byte[]> CORRUPTED_RECORDS = Gen.oneOf(
                    PUBLISHES.map(PublishCodec::encode),
                    SESSIONS.map(SessionCodec::encode),
                    DELIVERIES.map(DeliveryCodec::encode),
                    NODES.map(NodeCodec::encode),
                    CONTROLS.map(ControlCodec::encode))
            .with(Gen.longs(0, Long.MAX_VALUE), (record, choice) -> corrupt(record, choice));

    /**
     * A valid delivery with one byte of its head (node id, kind, source, recipients) replaced: the head is a
     * small part of most records, so corrupting anywhere would seldom reach it.
     */
    private static final Gen<byte[]> CORRUPTED_DELIVERY_HEADS = DELIVERIES
            .map(event -> {
                byte[] record = DeliveryCodec.encode(event);
                return Arrays.copyOf(record, record.length - PublishCodec.encode(event.publish()).length);
            })
            .with(Gen.longs(0, Long.MAX_VALUE), (head, choice) -> corrupt(head, choice))
            .with(PUBLISHES.map(PublishCodec::encode), Hex::concat);

    @Test
    void publishRoundTrips() {
        ForAll.check(PUBLISHES, event -> assertThat(PublishCodec.decode(PublishCodec.encode(event)))
                .isEqualTo(event));
    }

    @Test
    void sessionRoundTrips() {
        ForAll.check(SESSIONS, event -> assertThat(SessionCodec.decode(SessionCodec.encode(event)))
                .isEqualTo(event));
    }

    @Test
    void deliveryRoundTrips() {
        ForAll.check(DELIVERIES, event -> assertThat(DeliveryCodec.decode(DeliveryCodec.encode(event)))
                .isEqualTo(event));
    }

    @Test
    void nodeRoundTrips() {
        ForAll.check(NODES, event -> assertThat(NodeCodec.decode(NodeCodec.encode(event))).isEqualTo(event));
    }

    @Test
    void nodeKeepsItsTrafficCounters() {
        ForAll.check(NODES, event -> assertThat(NodeCodec.decode(NodeCodec.encode(event)).traffic())
                .isEqualTo(event.traffic()));
    }

    @Test
    void controlRoundTrips() {
        ForAll.check(CONTROLS, event -> assertThat(ControlCodec.decode(ControlCodec.encode(event)))
                .isEqualTo(event));
    }

    @Test
    void sessionKeepsItsPersistenceWillAndPendingReleasesBothWays() {
        ForAll.check(SESSIONS, event -> {
            SessionEvent decoded = SessionCodec.decode(SessionCodec.encode(event));

            assertThat(decoded.persistence()).isEqualTo(event.persistence());
            assertThat(decoded.persistence().expiresAt()).isEqualTo(event.persistence().expiresAt());
            assertThat(decoded.will()).isEqualTo(event.will());
            assertThat(decoded.pendingReleases()).isEqualTo(event.pendingReleases());
            assertThat(decoded.pendingOutboundReleases()).isEqualTo(event.pendingOutboundReleases());
        });
    }

    @Test
    void sessionEmbedsTheWillsPublishRecordUnchanged() {
        ForAll.check(SESSIONS_WITH_WILLS, event -> {
            byte[] record = SessionCodec.encode(event);
            byte[] willRecord = PublishCodec.encode(event.will().message());

            assertThat(indexOf(record, willRecord)).isNotNegative();
        });
    }

    @Test
    void decodedPublishEncodesToTheSameBytes() {
        ForAll.check(PUBLISHES.map(PublishCodec::encode), record ->
                assertThat(PublishCodec.encode(PublishCodec.decode(record))).isEqualTo(record));
    }

    @Test
    void decodedSessionEncodesToTheSameBytes() {
        ForAll.check(SESSIONS.map(SessionCodec::encode), record ->
                assertThat(SessionCodec.encode(SessionCodec.decode(record))).isEqualTo(record));
    }

    @Test
    void decodedDeliveryEncodesToTheSameBytes() {
        ForAll.check(DELIVERIES.map(DeliveryCodec::encode), record ->
                assertThat(DeliveryCodec.encode(DeliveryCodec.decode(record))).isEqualTo(record));
    }

    @Test
    void decodedNodeEncodesToTheSameBytes() {
        ForAll.check(NODES.map(NodeCodec::encode), record ->
                assertThat(NodeCodec.encode(NodeCodec.decode(record))).isEqualTo(record));
    }

    @Test
    void decodedControlEncodesToTheSameBytes() {
        ForAll.check(CONTROLS.map(ControlCodec::encode), record ->
                assertThat(ControlCodec.encode(ControlCodec.decode(record))).isEqualTo(record));
    }

    @Test
    void deliveryEndsWithThePublishRecord() {
        ForAll.check(DELIVERIES, event -> {
            byte[] record = DeliveryCodec.encode(event);
            byte[] publishRecord = PublishCodec.encode(event.publish());

            assertThat(Arrays.copyOfRange(record, record.length - publishRecord.length, record.length))
                    .isEqualTo(publishRecord);
        });
    }

    @Test
    void deliveryEmbedsAGivenPublishRecordUnchanged() {
        ForAll.check(DELIVERIES, event -> {
            byte[] publishRecord = PublishCodec.encode(event.publish());

            byte[] record = DeliveryCodec.encode(
                    new DeliveryCodec.Envelope(event.nodeId(), event.kind(), event.source()), event.recipients(),
                    publishRecord);

            assertThat(record).isEqualTo(DeliveryCodec.encode(event));
            assertThat(Arrays.copyOfRange(record, record.length - publishRecord.length, record.length))
                    .isEqualTo(publishRecord);
        });
    }

    @Test
    void encoderWithoutAnEnvelopeMakesALiveDeliveryWithoutASource() {
        ForAll.check(DELIVERIES, event -> {
            byte[] record = DeliveryCodec.encode(event.nodeId(), event.recipients(),
                    PublishCodec.encode(event.publish()));

            assertThat(DeliveryCodec.decode(record)).isEqualTo(new DeliveryEvent(event.nodeId(), event.recipients(),
                    event.publish(), DeliveryKind.LIVE, DeliverySource.none()));
        });
    }

    @Test
    void publishPayloadIsDecodedAsAView() {
        ForAll.check(PUBLISHES.filter(event -> !event.payload().isEmpty()), event -> {
            byte[] record = PublishCodec.encode(event);

            PublishEvent decoded = PublishCodec.decode(record);

            assertThat(decoded.payload().array()).isSameAs(record);
            assertThat(decoded.payload().offset()).isEqualTo(record.length - event.payload().length());
        });
    }

    @Test
    void deliveryPayloadIsDecodedAsAView() {
        ForAll.check(DELIVERIES.filter(event -> !event.publish().payload().isEmpty()), event -> {
            byte[] record = DeliveryCodec.encode(event);

            PublishEvent decoded = DeliveryCodec.decode(record).publish();

            assertThat(decoded.payload().array()).isSameAs(record);
            assertThat(decoded.payload().offset()).isEqualTo(record.length - event.publish().payload().length());
        });
    }

    @Test
    void randomBytesFailOnlyWithCodecException() {
        ForAll.check(Gen.bytes(80), CodecPropertiesTest::decodesOrFailsWithCodecException);
    }

    @Test
    void randomBytesAfterAValidHeaderFailOnlyWithCodecException() {
        Gen<byte[]> records = Gen.ints(1, EventType.values().length).with(Gen.bytes(80), (type, body) ->
                Hex.concat(new byte[] {RecordHeader.FORMAT_VERSION, type.byteValue()}, body));

        ForAll.check(records, CodecPropertiesTest::decodesOrFailsWithCodecException);
    }

    @Test
    void corruptedRecordsFailOnlyWithCodecException() {
        ForAll.check(CORRUPTED_RECORDS, CodecPropertiesTest::decodesOrFailsWithCodecException);
    }

    @Test
    void corruptedSessionsWithWillsFailOnlyWithCodecException() {
        Gen<byte[]> corrupted = SESSIONS_WITH_WILLS.map(SessionCodec::encode)
                .with(Gen.longs(0, Long.MAX_VALUE), (record, choice) -> corrupt(record, choice));

        ForAll.check(corrupted, CodecPropertiesTest::decodesOrFailsWithCodecException);
    }

    @Test
    void corruptedDeliveryHeadsFailOnlyWithCodecException() {
        ForAll.check(CORRUPTED_DELIVERY_HEADS, CodecPropertiesTest::decodesOrFailsWithCodecException);
    }

    @Test
    void everyTruncationOfAPublishBeforeItsPayloadIsRejected() {
        ForAll.check(TRUNCATION_TRIES, PUBLISHES, event -> {
            byte[] record = PublishCodec.encode(event);
            int payloadStart = record.length - event.payload().length();

            for (int length = 0; length < record.length; length++) {
                byte[] prefix = Arrays.copyOf(record, length);
                if (length < payloadStart) {
                    assertThatThrownBy(() -> PublishCodec.decode(prefix)).isInstanceOf(CodecException.class);
                } else {
                    decodesOrFailsWithCodecException(prefix);
                }
            }
        });
    }

    @Test
    void everyTruncationOfASessionIsRejected() {
        ForAll.check(TRUNCATION_TRIES, SESSIONS.map(SessionCodec::encode), record -> {
            for (int length = 0; length < record.length; length++) {
                byte[] prefix = Arrays.copyOf(record, length);
                assertThatThrownBy(() -> SessionCodec.decode(prefix)).isInstanceOf(CodecException.class);
            }
        });
    }

    @Test
    void everyTruncationOfANodeEventIsRejected() {
        ForAll.check(TRUNCATION_TRIES, NODES.map(NodeCodec::encode), record -> {
            for (int length = 0; length < record.length; length++) {
                byte[] prefix = Arrays.copyOf(record, length);
                assertThatThrownBy(() -> NodeCodec.decode(prefix)).isInstanceOf(CodecException.class);
            }
        });
    }

    @Test
    void everyTruncationOfAControlEventIsRejected() {
        ForAll.check(TRUNCATION_TRIES, CONTROLS.map(ControlCodec::encode), record -> {
            for (int length = 0; length < record.length; length++) {
                byte[] prefix = Arrays.copyOf(record, length);
                assertThatThrownBy(() -> ControlCodec.decode(prefix)).isInstanceOf(CodecException.class);
            }
        });
    }

    @Test
    void everyTruncationOfADeliveryBeforeItsPayloadIsRejected() {
        ForAll.check(TRUNCATION_TRIES, DELIVERIES, event -> {
            byte[] record = DeliveryCodec.encode(event);
            int payloadStart = record.length - event.publish().payload().length();

            for (int length = 0; length < record.length; length++) {
                byte[] prefix = Arrays.copyOf(record, length);
                if (length < payloadStart) {
                    assertThatThrownBy(() -> DeliveryCodec.decode(prefix)).isInstanceOf(CodecException.class);
                } else {
                    decodesOrFailsWithCodecException(prefix);
                }
            }
        });
    }

    @Test
    void recordTypeIsReadFromTheHeader() {
        ForAll.check(DELIVERIES, delivery -> {
            assertThat(RecordHeader.typeOf(DeliveryCodec.encode(delivery))).isEqualTo(EventType.DELIVERY);
            assertThat(RecordHeader.typeOf(PublishCodec.encode(delivery.publish()))).isEqualTo(EventType.PUBLISH);
        });
        ForAll.check(SESSIONS, session ->
                assertThat(RecordHeader.typeOf(SessionCodec.encode(session))).isEqualTo(EventType.SESSION));
        ForAll.check(NODES, node ->
                assertThat(RecordHeader.typeOf(NodeCodec.encode(node))).isEqualTo(EventType.NODE));
        ForAll.check(CONTROLS, control ->
                assertThat(RecordHeader.typeOf(ControlCodec.encode(control))).isEqualTo(EventType.CONTROL));
    }

    /** Every decoder either decodes {@code bytes} or throws a CodecException; any other exception escapes. */
    private static void decodesOrFailsWithCodecException(byte[] bytes) {
        decodesOrFailsWithCodecException(bytes, PublishCodec::decode);
        decodesOrFailsWithCodecException(bytes, SessionCodec::decode);
        decodesOrFailsWithCodecException(bytes, DeliveryCodec::decode);
        decodesOrFailsWithCodecException(bytes, NodeCodec::decode);
        decodesOrFailsWithCodecException(bytes, ControlCodec::decode);
        decodesOrFailsWithCodecException(bytes, RecordHeader::typeOf);
    }

    private static void decodesOrFailsWithCodecException(byte[] bytes, Function<byte[], ?> decoder) {
        try {
            assertThat(decoder.apply(bytes)).isNotNull();
        } catch (CodecException expected) {
            // the one way a decoder may refuse a record
        }
    }

    /** The first index at which {@code part} occurs in {@code whole}, or -1. */
    private static int indexOf(byte[] whole, byte[] part) {
        for (int start = 0; start + part.length <= whole.length; start++) {
            if (Arrays.equals(whole, start, start + part.length, part, 0, part.length)) {
                return start;
            }
        }
        return -1;
    }

    private static byte[] corrupt(byte[] record, long choice) {
        byte[] corrupted = record.clone();
        corrupted[(int) (choice % record.length)] = (byte) (choice >>> 32);
        return corrupted;
    }
}
