package io.tsunagu.frontend.status;

import io.smallrye.mutiny.Uni;
import io.tsunagu.frontend.config.FrontendOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Asks every configured service instance at once and sums up the answers; holds no state between requests. */
@ApplicationScoped
public class StatusAggregator {

    private final StatusTargets targets;
    private final ServiceProbe probe;
    private final long refreshMillis;
    private final Clock clock = Clock.systemUTC();

    StatusAggregator(StatusTargets targets, ServiceProbe probe, FrontendOptions options) {
        this.targets = targets;
        this.probe = probe;
        this.refreshMillis = options.refreshInterval().toMillis();
    }

    /** The platform's status now; never fails, since each probe reports its own failure as DOWN. */
    public Uni<PlatformStatus> status() {
        Instant checkedAt = clock.instant();
        List<Uni<ServiceStatus>> probes = targets.all().stream().map(probe::probe).toList();
        return Uni.join()
                .all(probes)
                .andFailFast()
                .map(statuses -> toPlatformStatus(checkedAt, statuses));
    }

    private PlatformStatus toPlatformStatus(Instant checkedAt, List<ServiceStatus> statuses) {
        boolean allUp = statuses.stream().allMatch(status -> status.status() == Health.UP);
        return new PlatformStatus(allUp ? Health.UP : Health.DOWN, checkedAt, refreshMillis, statuses,
                MessageCounts.of(statuses));
    }
}
