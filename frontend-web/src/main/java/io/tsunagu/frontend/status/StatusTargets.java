package io.tsunagu.frontend.status;

import io.quarkus.runtime.Startup;
import io.tsunagu.frontend.config.FrontendOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** The service instances the status page shows, read from {@link FrontendOptions} and checked at startup. */
@Startup
@ApplicationScoped
public class StatusTargets {

    /** Service name of the ingest nodes. */
    public static final String INGEST = "ingest";
    /** Service name of routing-service. */
    public static final String ROUTING = "routing";
    /** Service name of storage-service. */
    public static final String STORAGE = "storage";

    private final List<ServiceTarget> targets;

    StatusTargets(FrontendOptions options) {
        this.targets = from(options);
    }

    /** Every instance: the ingest nodes in configured order, then routing, then storage. */
    public List<ServiceTarget> all() {
        return targets;
    }

    static List<ServiceTarget> from(FrontendOptions options) {
        if (options.ingestUrls().isEmpty()) {
            throw new IllegalArgumentException("tsunagu.frontend.ingest-urls must name at least one ingest node");
        }
        List<ServiceTarget> all = new ArrayList<>();
        options.ingestUrls().forEach(url -> all.add(ServiceTarget.of(INGEST, url)));
        all.add(ServiceTarget.of(ROUTING, options.routingUrl()));
        all.add(ServiceTarget.of(STORAGE, options.storageUrl()));
        return List.copyOf(all);
    }
}
