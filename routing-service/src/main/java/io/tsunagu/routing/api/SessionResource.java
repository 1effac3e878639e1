package io.tsunagu.routing.api;

import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.tsunagu.contracts.codec.SessionCodec;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.routing.config.RoutingOptions;
import io.tsunagu.routing.session.ClientKey;
import io.tsunagu.routing.session.Session;
import io.tsunagu.routing.session.SessionStreamReader;
import io.tsunagu.routing.session.SessionTable;
import io.tsunagu.routing.stream.EndOffsets;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * The session authority's read side for ingest nodes: {@code GET /internal/sessions?tenant=T&clientId=C} answers with
 * the latest state of the session of client C in tenant T, read-your-writes: every session event Kafka acknowledged
 * before the request is in the answer.
 *
 * <p>Query parameters rather than {@code /internal/sessions/{tenant}/{clientId}}: a client id may contain {@code /}
 * (and any other character), and an encoded {@code %2F} in a path is decoded before routing by some proxies and
 * servers; query parameters carry any string once URL-encoded.
 *
 * <p>First a fresh snapshot of the session stream's end offsets is read; the answer waits (without blocking a thread)
 * until this replica's session reader has passed it, at most {@code tsunagu.routing.session-lookup-timeout}. Then:
 * <ul>
 *   <li>200 with the session event that set the session's current state, CONNECTED or DISCONNECTED, in the
 *       session codec ({@link SessionCodec}, {@code application/octet-stream}). A TAKEOVER request is not a state of
 *       the session: while one is pending the answer is still the holder's CONNECTED event, and it turns
 *       DISCONNECTED once the holder let the session go. A session that a node restart disconnected is answered
 *       DISCONNECTED, as the table holds it;</li>
 *   <li>404 when there is no session (never was, ENDED, or removed by a tombstone);</li>
 *   <li>400 without both parameters; 503 when the table did not reach the snapshot in time (the reader is behind or
 *       down) or the offsets could not be read.</li>
 * </ul>
 * Threading: an event-loop handler; the waits complete on Kafka client threads.
 */
@Path("/internal/sessions")
@Startup
public class SessionResource {

    private static final Logger LOG = Logger.getLogger(SessionResource.class);

    private final SessionTable table;
    private final SessionStreamReader sessions;
    private final EndOffsets endOffsets;
    private final Duration timeout;

    public SessionResource(SessionTable table, SessionStreamReader sessions, EndOffsets endOffsets,
            RoutingOptions options) {
        this.table = table;
        this.sessions = sessions;
        this.endOffsets = endOffsets;
        this.timeout = options.sessionLookupTimeout();
        if (!timeout.isPositive()) {
            throw new IllegalArgumentException("tsunagu.routing.session-lookup-timeout must be positive: " + timeout);
        }
    }

    /** The latest state of the session of {@code clientId} in {@code tenant}. */
    @GET
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Uni<Response> session(@QueryParam("tenant") String tenant, @QueryParam("clientId") String clientId) {
        if (tenant == null || tenant.isEmpty() || clientId == null) {
            return Uni.createFrom().item(Response.status(Response.Status.BAD_REQUEST).build());
        }
        ClientKey client = new ClientKey(tenant, clientId);
        return tableUpToDate()
                .onItem().transform(reached -> answer(client))
                .onFailure().recoverWithItem(failure -> unavailable(client, failure));
    }

    /** Completes once the table holds every session record Kafka had acknowledged when it was called. */
    private Uni<Void> tableUpToDate() {
        return Uni.createFrom().completionStage(() -> endOffsets.ofStream(Streams.SESSION))
                .onItem().transformToUni(ends -> Uni.createFrom().completionStage(() -> sessions.reached(ends)))
                .ifNoItem().after(timeout).fail();
    }

    private Response answer(ClientKey client) {
        return table.session(client)
                .map(Session::event)
                .map(event -> Response.ok(SessionCodec.encode(event), MediaType.APPLICATION_OCTET_STREAM).build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND).build());
    }

    private static Response unavailable(ClientKey client, Throwable failure) {
        if (failure instanceof TimeoutException) {
            LOG.warnf("Session of client %s not answered: the session table did not reach the stream's end within"
                    + " the lookup timeout", client.clientId());
        } else {
            LOG.warnf("Session of client %s not answered: %s", client.clientId(), String.valueOf(failure));
        }
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).build();
    }
}
