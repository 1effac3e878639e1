package io.tsunagu.ingest.session;

import io.smallrye.mutiny.Uni;

/**
 * The authentication step of CONNECT. Users and tenants arrive with a later issue; until then
 * {@link AcceptAllAuthenticator} accepts every client into the default tenant.
 *
 * <p>Return an already-resolved {@link Uni} when the decision needs no I/O: CONNACK is then sent while CONNECT is
 * still being handled, so packets a client sends right behind CONNECT are served (vertx-mqtt closes a connection
 * that sends packets before it was accepted).
 */
public interface Authenticator {

    /** Decides whether the client of {@code request} may connect, and as which tenant. */
    Uni<AuthResult> authenticate(AuthRequest request);
}
