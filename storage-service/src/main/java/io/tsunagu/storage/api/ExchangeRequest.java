package io.tsunagu.storage.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.tsunagu.storage.topology.ExchangeDeclaration;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /internal/amqp/{vhost}/exchanges}: the fields of exchange.declare. */
@RegisterForReflection
@Schema(description = "exchange.declare")
public record ExchangeRequest(
        @Schema(description = "Exchange name") String name,
        @Schema(description = "direct, fanout, topic or headers") String type,
        @Schema(description = "Survives a restart") boolean durable,
        @Schema(description = "Deleted when its last binding as source goes") boolean autoDelete,
        @Schema(description = "Only other exchanges may publish to it") boolean internal,
        @Schema(description = "Field table as JSON values") Map<String, Object> arguments,
        @Schema(description = "Only check that the exchange exists") boolean passive) {

    ExchangeDeclaration toDeclaration() {
        return new ExchangeDeclaration(name, type, durable, autoDelete, internal, arguments, passive);
    }
}
