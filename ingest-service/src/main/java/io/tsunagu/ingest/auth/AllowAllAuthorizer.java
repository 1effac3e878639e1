package io.tsunagu.ingest.auth;

/** The authorizer when no ACL file is configured: every client may publish and subscribe to every topic. */
public final class AllowAllAuthorizer implements Authorizer {

    @Override
    public boolean canPublish(ClientIdentity client, String topic) {
        return true;
    }

    @Override
    public boolean canSubscribe(ClientIdentity client, String filter) {
        return true;
    }
}
