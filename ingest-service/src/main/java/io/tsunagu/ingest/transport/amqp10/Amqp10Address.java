package io.tsunagu.ingest.transport.amqp10;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A link address in RabbitMQ's forms, parsed. Targets (where a client's sender publishes): RabbitMQ 4's
 * {@code /exchanges/{exchange}/{routing-key}}, {@code /exchanges/{exchange}} (the routing key is each message's
 * {@code subject}) and {@code /queues/{queue}} (the default exchange, routing key = queue), whose segments are
 * percent-encoded, with {@code amq.default} naming the default exchange; and RabbitMQ 3.x's
 * {@code /exchange/{x}/{key}}, {@code /exchange/{x}}, {@code /queue/{q}} and {@code /topic/{key}} (amq.topic),
 * taken literally. Sources (where a client's receiver consumes): {@code /queues/{queue}} and {@code /queue/{q}}.
 * Anything else is unknown (the attach is refused with {@code amqp:not-found}, as RabbitMQ does). Pure.
 *
 * @param exchange the exchange published to ({@code ""} = default); {@code ""} for a source
 * @param routingKey the routing key, or null when each message's subject is the key; the queue of a source
 */
record Amqp10Address(String exchange, String routingKey) {

    private static final String DEFAULT_EXCHANGE_NAME = "amq.default";

    /** The target {@code address} names, or null when it is not one we know. */
    static Amqp10Address target(String address) {
        if (address == null) {
            return null;
        }
        String[] parts = address.split("/", -1);
        if (parts.length < 3 || !parts[0].isEmpty() || parts[2].isEmpty()) {
            return null;
        }
        return switch (parts[1]) {
            case "exchanges" -> exchangeV2(parts);
            case "queues" -> parts.length == 3 ? queue(decode(parts[2])) : null;
            case "exchange" -> exchangeV1(address.substring("/exchange/".length()));
            case "queue" -> queue(address.substring("/queue/".length()));
            case "topic" -> new Amqp10Address("amq.topic", address.substring("/topic/".length()));
            default -> null;
        };
    }

    /** The queue a source {@code address} names, or null when it is not one we know. */
    static String sourceQueue(String address) {
        if (address == null) {
            return null;
        }
        if (address.startsWith("/queues/") && address.indexOf('/', "/queues/".length()) < 0) {
            String queue = decode(address.substring("/queues/".length()));
            return queue == null || queue.isEmpty() ? null : queue;
        }
        if (address.startsWith("/queue/") && address.length() > "/queue/".length()) {
            return address.substring("/queue/".length());
        }
        return null;
    }

    private static Amqp10Address exchangeV2(String[] parts) {
        if (parts.length > 4) {
            return null;
        }
        String exchange = decode(parts[2]);
        String key = parts.length == 4 ? decode(parts[3]) : null;
        if (exchange == null || parts.length == 4 && key == null) {
            return null;
        }
        return new Amqp10Address(DEFAULT_EXCHANGE_NAME.equals(exchange) ? "" : exchange, key);
    }

    private static Amqp10Address exchangeV1(String rest) {
        int slash = rest.indexOf('/');
        return slash < 0 ? new Amqp10Address(rest, null)
                : new Amqp10Address(rest.substring(0, slash), rest.substring(slash + 1));
    }

    private static Amqp10Address queue(String name) {
        return name == null || name.isEmpty() ? null : new Amqp10Address("", name);
    }

    /** RFC 3986 percent-decoding to UTF-8 (not form decoding: {@code +} stays); null when malformed. */
    static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        int i = 0;
        while (i < segment.length()) {
            int c = segment.codePointAt(i);
            if (c != '%') {
                bytes.writeBytes(Character.toString(c).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(c);
                continue;
            }
            if (i + 2 >= segment.length() || !HexFormat.isHexDigit(segment.charAt(i + 1))
                    || !HexFormat.isHexDigit(segment.charAt(i + 2))) {
                return null;
            }
            bytes.write(HexFormat.fromHexDigits(segment, i + 1, i + 3));
            i += 3;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
