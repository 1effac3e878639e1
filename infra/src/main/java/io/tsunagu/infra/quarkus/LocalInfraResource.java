package io.tsunagu.infra.quarkus;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.tsunagu.infra.LocalInfra;
import java.util.HashMap;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the local Kafka and PostgreSQL of {@link LocalInfra} (Dev Services need Docker,
 * which we do not have).
 *
 * <pre>{@code
 * @QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false,
 *         initArgs = @ResourceArg(name = LocalInfraResource.DATABASE, value = "storage"))
 * }</pre>
 *
 * <p>Always provides {@code kafka.bootstrap.servers} (the tsunagu.publish, tsunagu.session, tsunagu.retained,
 * tsunagu.session-queue and tsunagu.topology topics exist).
 * With the {@value #DATABASE} init argument it creates that database (idempotent) and provides
 * {@code quarkus.datasource.username}, {@code password}, {@code jdbc.url} and {@code reactive.url} for it.
 */
public final class LocalInfraResource implements QuarkusTestResourceLifecycleManager {

    /** Init argument: the database to create and point the default datasource at; a database per module. */
    public static final String DATABASE = "database";

    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.get(DATABASE);
    }

    @Override
    public Map<String, String> start() {
        LocalInfra infra = LocalInfra.get();
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", infra.kafkaBootstrapServers());
        if (database != null && !database.isBlank()) {
            infra.createDatabase(database);
            config.put("quarkus.datasource.username", infra.postgresUser());
            config.put("quarkus.datasource.password", infra.postgresPassword());
            config.put("quarkus.datasource.jdbc.url", infra.jdbcUrl(database));
            config.put("quarkus.datasource.reactive.url", infra.reactiveUrl(database));
        }
        return config;
    }

    /** Nothing to do: the servers are shared by every test of this JVM and stopped when it exits. */
    @Override
    public void stop() {
        // LocalInfra owns their lifecycle.
    }
}
