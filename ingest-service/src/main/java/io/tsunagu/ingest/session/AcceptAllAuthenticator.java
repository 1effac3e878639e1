package io.tsunagu.ingest.session;

import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;
import io.tsunagu.ingest.config.IngestOptions;
import jakarta.enterprise.context.ApplicationScoped;

/** Accepts every client into the configured default tenant: the authenticator until users exist. */
@DefaultBean
@ApplicationScoped
public class AcceptAllAuthenticator implements Authenticator {

    private final Uni<AuthResult> accepted;

    AcceptAllAuthenticator(IngestOptions options) {
        this.accepted = Uni.createFrom().item(AuthResult.accepted(options.defaultTenant()));
    }

    @Override
    public Uni<AuthResult> authenticate(AuthRequest request) {
        return accepted;
    }
}
