package io.tsunagu.storage.api;

import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The query parameters of {@code GET /api/series}, as sent; {@link SeriesParams} checks them. */
public class SeriesRequest {

    @Parameter(description = "Exact topic name (required, no wildcards)", required = true)
    @QueryParam("topic")
    String topic;

    @Parameter(description = "Inclusive start of the window, ISO-8601 such as 2026-05-01T12:00:00Z; default: to"
            + " minus tsunagu.storage.series.default-window (24h)")
    @QueryParam("from")
    String from;

    @Parameter(description = "Exclusive end of the window, ISO-8601; default: now. The window may be at most"
            + " tsunagu.storage.series.max-window (31 days) long")
    @QueryParam("to")
    String to;

    @Parameter(description = "Most buckets, from 1 to tsunagu.storage.series.max-buckets (2000); default"
            + " tsunagu.storage.series.default-buckets (300)")
    @QueryParam("buckets")
    String buckets;

    @Parameter(description = "Dot path of a number field of JSON object payloads, such as temp or sensor.temp;"
            + " without it, payloads must be plain decimal numbers")
    @QueryParam("field")
    String field;

    @Parameter(description = "Tenant; default tsunagu.storage.query.default-tenant (\"default\")")
    @QueryParam("tenant")
    String tenant;
}
