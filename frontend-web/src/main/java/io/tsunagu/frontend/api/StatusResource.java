package io.tsunagu.frontend.api;

import io.smallrye.mutiny.Uni;
import io.tsunagu.frontend.status.PlatformStatus;
import io.tsunagu.frontend.status.StatusAggregator;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.NoCache;

/**
 * {@code GET /api/status}: the health and message counts of every service, as the status page shows them.
 * Runs on the event loop (the probes are non-blocking) and always answers 200; a service that is down or
 * unreachable appears as DOWN in the body.
 */
@Path("/api/status")
public class StatusResource {

    private final StatusAggregator aggregator;

    StatusResource(StatusAggregator aggregator) {
        this.aggregator = aggregator;
    }

    @GET
    @NoCache
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<PlatformStatus> status() {
        return aggregator.status();
    }
}
