package io.tsunagu.frontend.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/**
 * Where the services whose status the page shows are, and how patiently to ask them. Set through the environment
 * with the standard mapping, e.g. {@code TSUNAGU_FRONTEND_INGEST_URLS=http://ingest-a:8081,http://ingest-b:8081}.
 * The frontend keeps no state: every status request asks the services afresh.
 */
@ConfigMapping(prefix = "tsunagu.frontend")
public interface FrontendOptions {

    /** Base URLs of the ingest nodes (one entry per node), e.g. {@code http://localhost:8081}. */
    @WithDefault("http://localhost:8081")
    List<String> ingestUrls();

    /** Base URL of routing-service. */
    @WithDefault("http://localhost:8082")
    String routingUrl();

    /** Base URL of storage-service. */
    @WithDefault("http://localhost:8083")
    String storageUrl();

    /** Longest wait for one answer (connect and response) from a service before it shows as DOWN. */
    @WithDefault("2s")
    Duration probeTimeout();

    /** How often the status page asks for a fresh status. */
    @WithDefault("5s")
    Duration refreshInterval();
}
