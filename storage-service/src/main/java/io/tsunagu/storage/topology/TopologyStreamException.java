package io.tsunagu.storage.topology;

/**
 * A change was committed in PostgreSQL but Kafka did not acknowledge its record on tsunagu.topology in time. The
 * caller must not answer its client with success; a repeated declare or bind writes the record again.
 */
public final class TopologyStreamException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    TopologyStreamException(Throwable cause) {
        super("topology change committed but not acknowledged by Kafka: " + cause.getMessage(), cause);
    }
}
