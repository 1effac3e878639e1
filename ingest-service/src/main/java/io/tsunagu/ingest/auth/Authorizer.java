package io.tsunagu.ingest.auth;

/**
 * Decides what an accepted client may do with topics: the authorization hook of ingest. Without an ACL file
 * ({@code tsunagu.ingest.acl-file}) every client may do everything ({@link AllowAllAuthorizer}); with one,
 * {@link FileAcl} decides.
 *
 * <p>Implementations are called on the connection's event loop, once per PUBLISH, per requested filter and per will
 * about to be published: they must be thread-safe and must not block. A refused subscription is answered with
 * SUBACK 0x87 (MQTT 5) or 0x80 (3.1.1); a refused PUBLISH is not handed off (MQTT 5 QoS 1/2: PUBACK or PUBREC
 * 0x87).
 */
public interface Authorizer {

    /** Whether {@code client} may publish to the topic name {@code topic} (also asked for its will). */
    boolean canPublish(ClientIdentity client, String topic);

    /**
     * Whether {@code client} may subscribe to the topic filter {@code filter} (valid, possibly with wildcards or a
     * {@code $share/{ShareName}/} prefix). Allowing it allows every message the filter can match: routing does not
     * ask again per message.
     */
    boolean canSubscribe(ClientIdentity client, String filter);
}
