package io.tsunagu.infra;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A development certificate authority in a folder, made by {@code infra/local/dev-ca.sh} (the same script the launcher
 * uses): the CA, a server certificate for localhost and 127.0.0.1, and client certificates by common name; plus the
 * JDK key and trust managers that make Java clients trust the CA and present a client certificate.
 */
public final class DevCertificates {

    private static final char[] NO_PASSWORD = new char[0];

    private final LocalScripts scripts;
    private final Path dir;

    private DevCertificates(LocalScripts scripts, Path dir) {
        this.scripts = scripts;
        this.dir = dir;
    }

    /** The CA and server certificate in {@code dir}, created unless present. */
    public static DevCertificates in(Path dir) {
        Path absolute = dir.toAbsolutePath();
        LocalScripts scripts = new LocalScripts(LocalInfra.findRepositoryRoot(), absolute);
        scripts.run("dev-ca.sh", "server", absolute.toString());
        return new DevCertificates(scripts, absolute);
    }

    /** The CA certificate (PEM). */
    public Path ca() {
        return dir.resolve("ca.pem");
    }

    /** The server certificate (PEM), for localhost, 127.0.0.1 and ::1. */
    public Path serverCertificate() {
        return dir.resolve("server.pem");
    }

    /** The server certificate's private key (PKCS#8 PEM). */
    public Path serverKey() {
        return dir.resolve("server-key.pem");
    }

    /** A new client certificate with common name {@code name}, signed by the CA. */
    public ClientCertificate client(String name) {
        scripts.run("dev-ca.sh", "client", dir.toString(), name);
        return new ClientCertificate(dir.resolve("client-" + name + ".pem"), dir.resolve("client-" + name + "-key.pem"));
    }

    /** Trusts the CA only. */
    public TrustManagerFactory trustManagerFactory() {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("tsunagu-dev-ca", readCertificate(ca()));
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory;
        } catch (GeneralSecurityException | IOException e) {
            throw new LocalInfraException("cannot load " + ca() + ": " + e.getMessage(), e);
        }
    }

    /** Presents {@code client}'s certificate. */
    public static KeyManagerFactory keyManagerFactory(ClientCertificate client) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setKeyEntry("client", readKey(client.key()), NO_PASSWORD,
                    new Certificate[] {readCertificate(client.certificate())});
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, NO_PASSWORD);
            return factory;
        } catch (GeneralSecurityException | IOException e) {
            throw new LocalInfraException("cannot load " + client.certificate() + ": " + e.getMessage(), e);
        }
    }

    /** A TLS context trusting the CA, presenting {@code client}'s certificate unless it is null. */
    public SSLContext sslContext(ClientCertificate client) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(client == null ? null : keyManagerFactory(client).getKeyManagers(),
                    trustManagerFactory().getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new LocalInfraException("cannot create a TLS context: " + e.getMessage(), e);
        }
    }

    private static Certificate readCertificate(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static PrivateKey readKey(Path pem) throws IOException, GeneralSecurityException {
        String base64 = Files.readString(pem, StandardCharsets.US_ASCII)
                .replace("-----BEGIN PRIVATE KEY-----", "")
                .replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    /**
     * A client certificate and its key.
     *
     * @param certificate the certificate (PEM)
     * @param key its private key (PKCS#8 PEM, EC P-256)
     */
    public record ClientCertificate(Path certificate, Path key) {
    }
}
