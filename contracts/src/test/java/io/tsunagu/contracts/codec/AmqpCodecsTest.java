package io.tsunagu.contracts.codec;

import static io.tsunagu.contracts.codec.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tsunagu.contracts.amqp.AmqpDelivery;
import io.tsunagu.contracts.amqp.AmqpDelivery.Counts;
import io.tsunagu.contracts.amqp.AmqpDelivery.QueuePosition;
import io.tsunagu.contracts.amqp.AmqpDelivery.Reply;
import io.tsunagu.contracts.amqp.AmqpMessage;
import io.tsunagu.contracts.amqp.AmqpPublishEvent;
import io.tsunagu.contracts.amqp.ChannelRef;
import io.tsunagu.contracts.amqp.QueueCommand;
import io.tsunagu.contracts.amqp.QueueCommandKind;
import io.tsunagu.contracts.amqp.QueueMessage;
import io.tsunagu.contracts.event.DeliverySource;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.stream.Streams;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The AMQP records: a byte vector of the queue command, round trips of every record, and malformed input. */
class AmqpCodecsTest {

    private static final ChannelRef CHANNEL = new ChannelRef("node-a", "c1", 3);
    private static final UUID ID = UUID.fromString("01890a5d-ac96-774b-bcce-b302099a8057");
    private static final Instant AT = Instant.parse("2026-11-28T01:02:03.456789Z");
    private static final byte[] PROPERTIES = bytes("1000 05 74 65 78 74 2f");

    private static AmqpMessage message() {
        return new AmqpMessage("amq.topic", "a.b.c", PROPERTIES, Payload.utf8("21.5"));
    }

    @Test
    void queueCommandVector() {
        QueueCommand settle = new QueueCommand("default", "jobs", QueueCommandKind.SETTLE, CHANNEL, "", 0, 0,
                QueueCommand.REQUEUE, new long[] {5, 300});
        byte[] expected = bytes(
                "01 08",                       // format version 1, QUEUE_COMMAND
                "07 64656661756c74",           // vhost "default"
                "04 6a6f6273",                 // queue "jobs"
                "02",                          // kind SETTLE
                "06 6e6f64652d61 02 6331 03",  // channel: node "node-a", connection "c1", channel 3
                "00 00 00",                    // consumer tag "", request id 0, prefetch 0
                "04",                          // flags REQUEUE
                "02 05 ac02");                 // two offsets: 5 and 300
        assertThat(QueueCommandCodec.encode(settle)).isEqualTo(expected);
        assertThat(QueueCommandCodec.decode(expected)).isEqualTo(settle);
    }

    @Test
    void publishRoundTrip() {
        AmqpPublishEvent event = new AmqpPublishEvent(ID, AT, "default", CHANNEL, 42, true, message());
        AmqpPublishEvent decoded = AmqpPublishCodec.decode(AmqpPublishCodec.encode(event));
        assertThat(decoded.messageId()).isEqualTo(ID);
        assertThat(decoded.receivedAt()).isEqualTo(AT);
        assertThat(decoded.publisher()).isEqualTo(CHANNEL);
        assertThat(decoded.publishSeq()).isEqualTo(42);
        assertThat(decoded.mandatory()).isTrue();
        assertThat(decoded.wantsOutcome()).isTrue();
        assertMessage(decoded.message());
    }

    @Test
    void queueMessageRoundTrip() {
        QueueMessage queued = new QueueMessage("default", "jobs", new DeliverySource(4, 1234), ID, AT, message());
        QueueMessage decoded = QueueMessageCodec.decode(QueueMessageCodec.encode(queued));
        assertThat(decoded.source()).isEqualTo(new DeliverySource(4, 1234));
        assertThat(decoded.enqueuedAt()).isEqualTo(AT);
        assertThat(decoded.queue()).isEqualTo("jobs");
        assertMessage(decoded.message());
    }

    @Test
    void everyDeliveryKindRoundTrips() {
        QueuePosition position = new QueuePosition("jobs", 77, true, 9);
        for (AmqpDelivery delivery : new AmqpDelivery[] {
            AmqpDelivery.deliver(CHANNEL, "ctag", position, message()),
            AmqpDelivery.getOk(CHANNEL, 8, position, message()),
            AmqpDelivery.getEmpty(CHANNEL, 8),
            AmqpDelivery.reply(CHANNEL, 9, new Counts(10, 2), new Reply(406, "PRECONDITION_FAILED - not empty")),
            AmqpDelivery.cancel(CHANNEL, "ctag"),
            AmqpDelivery.outcome(CHANNEL, 12),
            AmqpDelivery.returned(CHANNEL, 12, new Reply(312, "NO_ROUTE"), message())}) {
            AmqpDelivery decoded = AmqpDeliveryCodec.decode(AmqpDeliveryCodec.encode(delivery));
            assertThat(decoded).usingRecursiveComparison().ignoringFields("message").isEqualTo(delivery);
            if (delivery.message() != null) {
                assertMessage(decoded.message());
            } else {
                assertThat(decoded.message()).isNull();
            }
        }
    }

    @Test
    void aTruncatedRecordIsACodecException() {
        byte[] record = AmqpDeliveryCodec.encode(AmqpDelivery.reply(CHANNEL, 9, Counts.NONE, Reply.OK));
        for (int length = 0; length < record.length; length++) {
            byte[] truncated = Arrays.copyOf(record, length);
            assertThatThrownBy(() -> AmqpDeliveryCodec.decode(truncated)).isInstanceOf(CodecException.class);
        }
    }

    @Test
    void unknownKindsAndFlagsAreRefused() {
        byte[] command = QueueCommandCodec.encode(QueueCommand.of("v", "q", QueueCommandKind.GET, CHANNEL));
        byte[] badKind = command.clone();
        badKind[2 + 2 + 2] = 99;
        assertThatThrownBy(() -> QueueCommandCodec.decode(badKind)).isInstanceOf(CodecException.class)
                .hasMessageContaining("unknown queue command");
        byte[] badFlags = command.clone();
        badFlags[command.length - 2] = 0x40;
        assertThatThrownBy(() -> QueueCommandCodec.decode(badFlags)).isInstanceOf(CodecException.class);
        byte[] publish = AmqpPublishCodec.encode(new AmqpPublishEvent(ID, AT, "v", CHANNEL, 0, false, message()));
        assertThatThrownBy(() -> QueueCommandCodec.decode(publish)).isInstanceOf(CodecException.class);
    }

    @Test
    void randomBytesNeverThrowAnythingButCodecException() {
        Random random = new Random(5);
        byte[] valid = AmqpDeliveryCodec.encode(AmqpDelivery.deliver(CHANNEL, "t", new QueuePosition("q", 1, false,
                0), message()));
        for (int i = 0; i < 20_000; i++) {
            byte[] input = valid.clone();
            input[random.nextInt(input.length)] = (byte) random.nextInt(256);
            input = Arrays.copyOf(input, random.nextInt(input.length + 1));
            decodeEither(input);
        }
    }

    @Test
    void keysKeepAChannelAndAQueueTogether() {
        assertThat(Streams.queueKey("default", "jobs")).isEqualTo("default\u0000jobs");
        assertThat(Streams.amqpPublishKey("default", CHANNEL)).isEqualTo("default\u0000node-a\u0000c1\u00003");
    }

    private static void decodeEither(byte[] input) {
        for (Runnable decode : new Runnable[] {
            () -> AmqpDeliveryCodec.decode(input), () -> QueueCommandCodec.decode(input),
            () -> QueueMessageCodec.decode(input), () -> AmqpPublishCodec.decode(input)}) {
            try {
                decode.run();
            } catch (CodecException expected) {
                // the only failure a malformed record may cause
            } catch (IllegalArgumentException invalidValue) {
                throw new AssertionError("decode let an IllegalArgumentException through", invalidValue);
            }
        }
    }

    private static void assertMessage(AmqpMessage decoded) {
        assertThat(decoded.exchange()).isEqualTo("amq.topic");
        assertThat(decoded.routingKey()).isEqualTo("a.b.c");
        assertThat(decoded.properties()).isEqualTo(PROPERTIES);
        assertThat(decoded.body().toUtf8()).isEqualTo("21.5");
    }
}
