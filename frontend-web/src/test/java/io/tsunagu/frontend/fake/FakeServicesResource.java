package io.tsunagu.frontend.fake;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts {@link FakeServices} before Quarkus and points {@code tsunagu.frontend.*} at them, with short probe and
 * storage timeouts so that "never answers" turns DOWN (or 502) quickly.
 */
public final class FakeServicesResource implements QuarkusTestResourceLifecycleManager {

    /** The probe timeout in tests. */
    public static final long PROBE_TIMEOUT_MILLIS = 500;
    /** The refresh interval in tests. */
    public static final long REFRESH_MILLIS = 3000;
    /** How long the storage proxy waits in tests. */
    public static final long STORAGE_TIMEOUT_MILLIS = 1000;

    private FakeServices services;

    @Override
    public Map<String, String> start() {
        services = FakeServices.start();
        return Map.of(
                "tsunagu.frontend.ingest-urls", services.ingestA().url() + "," + services.ingestB().url() + "/",
                "tsunagu.frontend.routing-url", services.routing().url(),
                "tsunagu.frontend.storage-url", services.storage().url(),
                "tsunagu.frontend.probe-timeout", PROBE_TIMEOUT_MILLIS + "ms",
                "tsunagu.frontend.refresh-interval", REFRESH_MILLIS + "ms",
                "tsunagu.frontend.storage-timeout", STORAGE_TIMEOUT_MILLIS + "ms");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(services,
                new TestInjector.AnnotatedAndMatchesType(InjectFakeServices.class, FakeServices.class));
    }

    @Override
    public void stop() {
        if (services != null) {
            services.close();
        }
    }
}
