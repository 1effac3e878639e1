package io.tsunagu.storage.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps {@link InvalidParameterException} to 400 with a JSON {@link ApiError}. Client mistakes are not logged. */
public class ApiExceptionMapper {

    @ServerExceptionMapper
    public Response toBadRequest(InvalidParameterException e) {
        return Response.status(Response.Status.BAD_REQUEST)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(ApiError.INVALID_PARAMETER, e.parameter(), e.getMessage()))
                .build();
    }
}
