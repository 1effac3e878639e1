package io.tsunagu.frontend.status;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * One service instance to ask for its status: which service it is and its base URL (no trailing slash).
 *
 * @param service the service name: ingest, routing or storage
 * @param baseUrl the instance's base URL, e.g. {@code http://localhost:8081}
 */
public record ServiceTarget(String service, String baseUrl) {

    /**
     * The target for {@code url}, refusing anything that is not an absolute http(s) URL with a host, so that a
     * mistyped environment variable stops the start instead of showing a service as DOWN forever.
     */
    public static ServiceTarget of(String service, String url) {
        String trimmed = url.strip();
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(service + " URL '" + url + "' is not a URL: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException(service + " URL '" + url + "' must be an absolute http(s) URL");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(service + " URL '" + url + "' must not have a query or fragment");
        }
        return new ServiceTarget(service, trimmed.replaceAll("/+$", ""));
    }

    /** The absolute URL of {@code path} (starting with '/') on this instance. */
    public String url(String path) {
        return baseUrl + path;
    }
}
