package io.tsunagu.infra;

/** Thrown when the local PostgreSQL or Kafka cannot be started or used; the message holds the script's words. */
public final class LocalInfraException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LocalInfraException(String message) {
        super(message);
    }

    public LocalInfraException(String message, Throwable cause) {
        super(message, cause);
    }
}
