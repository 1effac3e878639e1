package io.tsunagu.storage.api;

import io.tsunagu.storage.topology.AmqpReplyException;
import io.tsunagu.storage.topology.TopologyStreamException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps {@link InvalidParameterException} to 400 with a JSON {@link ApiError}, and {@link AmqpReplyException} to an
 * {@link AmqpReply} (403 and 404 as themselves, 405 and 406 as 409, 503 COMMAND_INVALID as 400). Client mistakes
 * are not logged. A topology change Kafka did not acknowledge is our fault: 503 with replyCode 541 INTERNAL_ERROR,
 * logged at WARN.
 */
public class ApiExceptionMapper {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMapper.class);

    /** AMQP 0-9-1 INTERNAL_ERROR: ingest closes the connection with it; the client declares again. */
    private static final int INTERNAL_ERROR = 541;

    @ServerExceptionMapper
    public Response toBadRequest(InvalidParameterException e) {
        return Response.status(Response.Status.BAD_REQUEST)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(ApiError.INVALID_PARAMETER, e.parameter(), e.getMessage()))
                .build();
    }

    @ServerExceptionMapper
    public Response toAmqpReply(AmqpReplyException e) {
        return Response.status(toStatus(e.replyCode()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new AmqpReply(e.replyCode(), e.replyText()))
                .build();
    }

    private static int toStatus(int replyCode) {
        return switch (replyCode) {
            case AmqpReplyException.ACCESS_REFUSED, AmqpReplyException.NOT_FOUND -> replyCode;
            case AmqpReplyException.RESOURCE_LOCKED, AmqpReplyException.PRECONDITION_FAILED -> 409;
            default -> 400;
        };
    }

    @ServerExceptionMapper
    public Response toUnavailable(TopologyStreamException e) {
        LOG.warnf("topology request failed after commit: %s", e.getMessage());
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new AmqpReply(INTERNAL_ERROR, "INTERNAL_ERROR - " + e.getMessage()))
                .build();
    }
}
