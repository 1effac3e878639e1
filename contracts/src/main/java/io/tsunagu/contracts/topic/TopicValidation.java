package io.tsunagu.contracts.topic;

import io.tsunagu.contracts.error.IngestError;
import java.util.Objects;

/**
 * The outcome of checking a topic name or filter: valid, or the error to answer with and why.
 *
 * @param error the catalogue entry to answer with, or null when valid
 * @param reason a human-readable reason (for logs), or null when valid
 */
public record TopicValidation(IngestError error, String reason) {

    private static final TopicValidation VALID = new TopicValidation(null, null);

    /** The valid outcome. */
    public static TopicValidation valid() {
        return VALID;
    }

    /** An invalid outcome answered with {@code error}, with a reason for the logs. */
    public static TopicValidation invalid(IngestError error, String reason) {
        return new TopicValidation(Objects.requireNonNull(error), Objects.requireNonNull(reason));
    }

    /** True when the topic passed every rule. */
    public boolean isValid() {
        return error == null;
    }
}
