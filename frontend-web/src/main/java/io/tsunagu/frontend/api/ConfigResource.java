package io.tsunagu.frontend.api;

import io.tsunagu.frontend.dashboard.DashboardConfig;
import io.tsunagu.frontend.dashboard.DashboardSettings;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.NoCache;

/**
 * {@code GET /api/config}: what the dashboard connects to (MQTT over WebSocket URLs, topic filters, reconnect
 * backoff, client id prefix). The dashboard asks for it at start, so no endpoint is written into its scripts.
 */
@Path("/api/config")
public class ConfigResource {

    private final DashboardSettings settings;

    ConfigResource(DashboardSettings settings) {
        this.settings = settings;
    }

    @GET
    @NoCache
    @Produces(MediaType.APPLICATION_JSON)
    public DashboardConfig config(@Context UriInfo uriInfo) {
        // the base URI carries the scheme and Host the browser used, so a derived URL points at the same machine
        return settings.configFor(uriInfo.getBaseUri());
    }
}
