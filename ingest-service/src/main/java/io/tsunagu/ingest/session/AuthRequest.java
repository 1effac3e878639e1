package io.tsunagu.ingest.session;

/**
 * The credentials of a CONNECT, for the {@link Authenticator}.
 *
 * @param clientId the client identifier (assigned or the client's own)
 * @param username the user name, or null
 * @param password the password, or null; never logged
 * @param remoteAddress the client's address, for logs and rate limits
 */
public record AuthRequest(String clientId, String username, String password, String remoteAddress) {

    @Override
    public String toString() {
        return "AuthRequest[clientId=" + clientId + ", username=" + username + ", remoteAddress=" + remoteAddress
                + "]";
    }
}
