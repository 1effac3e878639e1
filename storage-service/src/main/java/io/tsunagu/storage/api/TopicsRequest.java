package io.tsunagu.storage.api;

import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The query parameters of {@code GET /api/topics}, as sent; {@link TopicsResource} checks them. */
public class TopicsRequest {

    @Parameter(description = "Only topics starting with this text, taken literally; give prefix or filter")
    @QueryParam("prefix")
    String prefix;

    @Parameter(description = "Only topics this MQTT topic filter matches")
    @QueryParam("filter")
    String filter;

    @Parameter(description = "Page size from 1 to tsunagu.storage.query.max-limit (1000); default 100")
    @QueryParam("limit")
    String limit;

    @Parameter(description = "nextCursor of the previous page, unchanged")
    @QueryParam("cursor")
    String cursor;

    @Parameter(description = "Tenant; default \"default\"")
    @QueryParam("tenant")
    String tenant;
}
