package io.tsunagu.storage.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of every 400 answer.
 *
 * @param error a stable machine-readable code, {@code invalid_parameter}
 * @param parameter the query parameter at fault
 * @param message what is wrong with it, for people
 */
@RegisterForReflection
@Schema(description = "Why a request was rejected")
public record ApiError(
        @Schema(description = "Stable error code", examples = "invalid_parameter") String error,
        @Schema(description = "The query parameter at fault", examples = "limit") String parameter,
        @Schema(description = "What is wrong, for people") String message) {

    static final String INVALID_PARAMETER = "invalid_parameter";
}
