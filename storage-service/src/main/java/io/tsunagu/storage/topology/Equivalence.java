package io.tsunagu.storage.topology;

import io.tsunagu.storage.repo.AmqpExchange;
import io.tsunagu.storage.repo.AmqpQueue;
import io.tsunagu.storage.repo.QueueOwner;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * RabbitMQ's equivalence rules for a redeclare: {@code rabbit_exchange:assert_equivalence} (type, durable,
 * auto_delete, internal, then the argument alternate-exchange) and {@code rabbit_amqqueue:assert_equivalence}
 * (exclusive owner, durable, auto_delete, then the x- arguments of {@link QueueArguments#EQUIVALENCE_KEYS}).
 * Arguments RabbitMQ does not compare are not compared: the first declaration's stay. Pure functions.
 */
final class Equivalence {

    /** The one exchange argument RabbitMQ compares. */
    private static final List<String> EXCHANGE_KEYS = List.of("alternate-exchange");

    private Equivalence() {
    }

    /** Throws 406 on the first field of {@code request} that differs from {@code current}. */
    static void checkExchange(AmqpExchange current, ExchangeDeclaration request) {
        String what = "exchange '" + current.name() + "' in vhost '" + current.vhost() + "'";
        field("type", what, request.type(), current.type());
        field("durable", what, request.durable(), current.durable());
        field("auto_delete", what, request.autoDelete(), current.autoDelete());
        field("internal", what, request.internal(), current.internal());
        arguments(EXCHANGE_KEYS, what, request.arguments(), current.arguments());
    }

    /** Throws 405 when the queue is not accessible to the declaring connection, 406 on an inequivalent field. */
    static void checkQueue(AmqpQueue current, QueueDeclaration request) {
        checkExclusiveAccess(current, request.connection(), request.exclusive());
        String what = "queue '" + current.name() + "' in vhost '" + current.vhost() + "'";
        field("durable", what, request.durable(), current.durable());
        field("auto_delete", what, request.autoDelete(), current.autoDelete());
        arguments(QueueArguments.EQUIVALENCE_KEYS, what, request.arguments(), current.arguments());
    }

    /**
     * An exclusive queue is only for its own connection, and a redeclare must agree on exclusivity (RabbitMQ's
     * strict {@code check_exclusive_access}): otherwise 405 RESOURCE_LOCKED.
     */
    static void checkExclusiveAccess(AmqpQueue current, QueueOwner connection, boolean exclusive) {
        boolean locked = current.exclusive() ? !Objects.equals(current.owner(), connection) || !exclusive
                : exclusive;
        if (locked) {
            throw AmqpReplyException.resourceLocked("cannot obtain exclusive access to locked queue '"
                    + current.name() + "' in vhost '" + current.vhost() + "'. It could be originally declared on"
                    + " another connection or the exclusive property value does not match that of the original"
                    + " declaration.");
        }
    }

    /** An exclusive queue of another connection may not be used, deleted or bound (RabbitMQ's lax check). */
    static void checkOwner(AmqpQueue current, QueueOwner connection) {
        if (current.exclusive() && !Objects.equals(current.owner(), connection)) {
            checkExclusiveAccess(current, connection, true);
        }
    }

    private static void field(String name, String what, Object received, Object current) {
        if (!Objects.equals(received, current)) {
            throw AmqpReplyException.preconditionFailed("inequivalent arg '" + name + "' for " + what
                    + ": received '" + received + "' but current is '" + current + "'");
        }
    }

    private static void arguments(List<String> keys, String what, Map<String, Object> received,
            Map<String, Object> current) {
        for (String key : keys) {
            Object want = received.get(key);
            Object have = current.get(key);
            if (!FieldValues.same(want, have)) {
                throw AmqpReplyException.preconditionFailed("inequivalent arg '" + key + "' for " + what
                        + ": received " + FieldValues.describe(want) + " but current is "
                        + FieldValues.describe(have));
            }
        }
    }
}
