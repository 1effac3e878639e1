package io.tsunagu.storage.api;

import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The query parameters of {@code GET /api/retained}, as sent; {@link RetainedResource} checks them. */
public class RetainedRequest {

    @Parameter(description = "Exact topic name; give topic or filter, or neither for every topic")
    @QueryParam("topic")
    String topic;

    @Parameter(description = "MQTT topic filter such as sensors/+/status or sensors/#; a filter starting with a"
            + " wildcard does not match topics starting with $")
    @QueryParam("filter")
    String filter;

    @Parameter(description = "Page size from 1 to tsunagu.storage.query.max-limit (1000); default"
            + " tsunagu.storage.query.default-limit (100)")
    @QueryParam("limit")
    String limit;

    @Parameter(description = "nextCursor of the previous page, unchanged")
    @QueryParam("cursor")
    String cursor;

    @Parameter(description = "Tenant; default tsunagu.storage.query.default-tenant (\"default\")")
    @QueryParam("tenant")
    String tenant;
}
