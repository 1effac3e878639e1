package io.tsunagu.storage.api;

import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The query parameters of {@code GET /api/messages}, as sent; {@link MessagesResource} checks them. */
public class MessagesRequest {

    @Parameter(description = "Exact topic name; give either topic or filter")
    @QueryParam("topic")
    String topic;

    @Parameter(description = "MQTT topic filter such as sensors/+/temperature or sensors/#; a filter starting"
            + " with a wildcard does not match topics starting with $")
    @QueryParam("filter")
    String filter;

    @Parameter(description = "Inclusive lower bound of received-at, ISO-8601 such as 2026-05-01T12:00:00Z")
    @QueryParam("from")
    String from;

    @Parameter(description = "Exclusive upper bound of received-at, ISO-8601")
    @QueryParam("to")
    String to;

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
