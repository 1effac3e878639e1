package io.tsunagu.ingest.transport;

import io.tsunagu.ingest.config.IngestOptions;
import io.vertx.mqtt.MqttAuth;
import io.vertx.mqtt.MqttEndpoint;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The user name a client is known by, for authentication and the ACL: CONNECT's user name, or, with
 * {@code tsunagu.ingest.tls.use-identity-as-username}, the common name (CN) of the client certificate it presented
 * on a TLS listener (the TLS handshake has verified it against {@code tsunagu.ingest.tls.client-ca-file}). Then
 * CONNECT's user name and password are not used, as with Mosquitto's {@code use_identity_as_username}.
 */
final class ClientUsername {

    private ClientUsername() {
    }

    /**
     * The user name of a client.
     *
     * @param name the user name, or null when the client has none
     * @param fromCertificate whether it is the CN of the client's certificate (CONNECT's password then does not count)
     */
    record Resolved(String name, boolean fromCertificate) {
    }

    /** The user name of {@code connection}'s client (resolve it once: it reads the peer certificate). */
    static Resolved resolve(MqttConnection connection, IngestOptions.Tls tls) {
        MqttEndpoint endpoint = connection.endpoint();
        if (tls.useIdentityAsUsername()) {
            Optional<String> name = certificateName(endpoint);
            if (name.isPresent()) {
                return new Resolved(name.get(), true);
            }
        }
        MqttAuth auth = endpoint.auth();
        return new Resolved(auth != null ? auth.getUsername() : connection.channel().connectUserName().orElse(null),
                false);
    }

    /** The CN of the verified client certificate of a TLS connection. */
    static Optional<String> certificateName(MqttEndpoint endpoint) {
        if (!endpoint.isSsl() || endpoint.sslSession() == null) {
            return Optional.empty();
        }
        return peerCertificate(endpoint.sslSession()).flatMap(ClientUsername::commonName);
    }

    private static Optional<X509Certificate> peerCertificate(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? Optional.of(leaf) : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            // No certificate was presented (client-auth request): the client is known by CONNECT's user name.
            return Optional.empty();
        }
    }

    static Optional<String> commonName(X509Certificate certificate) {
        try {
            LdapName name = new LdapName(certificate.getSubjectX500Principal().getName());
            return name.getRdns().stream()
                    .filter(rdn -> "CN".equalsIgnoreCase(rdn.getType()))
                    .map(Rdn::getValue)
                    .map(String::valueOf)
                    .reduce((first, last) -> last);
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }
}
