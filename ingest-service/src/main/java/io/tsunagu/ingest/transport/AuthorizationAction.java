package io.tsunagu.ingest.transport;

/** What the authorizer refused: the {@code action} tag of {@code tsunagu.ingest.authorization.refused}. */
enum AuthorizationAction {
    /** A PUBLISH. */
    PUBLISH("publish"),
    /** One filter of a SUBSCRIBE. */
    SUBSCRIBE("subscribe"),
    /** A will about to be published. */
    WILL("will");

    private final String tag;

    AuthorizationAction(String tag) {
        this.tag = tag;
    }

    /** The metric tag value. */
    String tag() {
        return tag;
    }
}
