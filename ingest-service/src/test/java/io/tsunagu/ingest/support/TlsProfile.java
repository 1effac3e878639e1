package io.tsunagu.ingest.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.tsunagu.infra.DevCertificates;
import java.nio.file.Path;
import java.util.Map;

/**
 * The TLS listeners (MQTT over TLS and WebSocket over TLS) with a development CA made by {@code infra/local/dev-ca.sh}:
 * client certificates are requested and, when presented, their common name is the user name; an ACL lets each user
 * use {@value #ROOT}/&lt;user name&gt;/# and anonymous clients {@value #ROOT}/public/#.
 */
public final class TlsProfile implements QuarkusTestProfile {

    /** The topics the ACL is about. */
    public static final String ROOT = "tls";
    /** Where the CA and the certificates are. */
    public static final Path DIR = Path.of("target", "tls-test");

    private static final String ACL = """
            topic readwrite tls/public/#
            pattern readwrite tls/%u/#
            """;

    /** The development CA of the profile, created on first use. */
    public static DevCertificates certificates() {
        return DevCertificates.in(DIR);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        DevCertificates ca = certificates();
        return Map.of(
                "tsunagu.ingest.tls.cert-file", ca.serverCertificate().toString(),
                "tsunagu.ingest.tls.key-file", ca.serverKey().toString(),
                "tsunagu.ingest.tls.client-ca-file", ca.ca().toString(),
                "tsunagu.ingest.tls.client-auth", "request",
                "tsunagu.ingest.tls.use-identity-as-username", "true",
                "tsunagu.ingest.acl-file", AclFiles.write(ACL).toString());
    }
}
