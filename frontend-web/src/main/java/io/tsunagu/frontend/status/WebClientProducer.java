package io.tsunagu.frontend.status;

import io.tsunagu.frontend.config.FrontendOptions;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The one non-blocking HTTP client the status probes and the storage proxy share, on Quarkus's managed Vert.x. */
@ApplicationScoped
public class WebClientProducer {

    @Produces
    @Singleton
    WebClient webClient(Vertx vertx, FrontendOptions options) {
        WebClientOptions clientOptions = new WebClientOptions()
                .setConnectTimeout((int) options.probeTimeout().toMillis())
                .setFollowRedirects(false)
                .setUserAgent("tsunagu-frontend-web");
        return WebClient.create(vertx, clientOptions);
    }

    void close(@Disposes WebClient client) {
        client.close();
    }
}
