package io.tsunagu.frontend.api;

import io.smallrye.mutiny.Uni;
import io.tsunagu.frontend.proxy.ProxiedResponse;
import io.tsunagu.frontend.proxy.StorageProxy;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.NoCache;

/**
 * The storage-service reads the dashboard needs, under the same paths as on storage: {@code GET /api/series},
 * {@code /api/retained} and {@code /api/topics}. Parameters, status and body pass through unchanged; see
 * storage-service for their meaning. 502 with a JSON error when storage cannot be asked.
 */
@Path("/api")
public class StorageResource {

    private final StorageProxy storage;

    StorageResource(StorageProxy storage) {
        this.storage = storage;
    }

    /** min/max/avg/count per time bucket of a topic's numeric payloads. */
    @GET
    @NoCache
    @Path("series")
    public Uni<Response> series(@Context UriInfo uriInfo) {
        return forward("/api/series", uriInfo);
    }

    /** The retained message of each topic. */
    @GET
    @NoCache
    @Path("retained")
    public Uni<Response> retained(@Context UriInfo uriInfo) {
        return forward("/api/retained", uriInfo);
    }

    /** The topics with stored messages. */
    @GET
    @NoCache
    @Path("topics")
    public Uni<Response> topics(@Context UriInfo uriInfo) {
        return forward("/api/topics", uriInfo);
    }

    private Uni<Response> forward(String path, UriInfo uriInfo) {
        return storage.get(path, uriInfo.getRequestUri().getRawQuery())
                .map(StorageResource::toResponse);
    }

    private static Response toResponse(ProxiedResponse proxied) {
        return Response.status(proxied.status())
                .type(proxied.contentType())
                .entity(proxied.body())
                .build();
    }
}
