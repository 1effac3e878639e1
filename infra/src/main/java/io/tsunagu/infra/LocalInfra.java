package io.tsunagu.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The local PostgreSQL and Kafka that tests run against: one of each per JVM, shared by every test class.
 *
 * <p>When {@code ./tsunagu test} runs the build it starts both once and exports {@code TSUNAGU_INFRA_STATE_DIR};
 * {@link #get()} then reuses them. Otherwise (a test run from the IDE or a plain {@code mvn -pl x test})
 * it starts both itself through {@code infra/local/postgres.sh} and {@code kafka.sh} in
 * {@code target/tsunagu-infra} of the current module, and deletes them again in a JVM shutdown hook.
 *
 * <p>Thread-safe. The servers listen on 127.0.0.1 only; Kafka already has the {@code tsunagu.publish},
 * {@code tsunagu.session}, {@code tsunagu.retained}, {@code tsunagu.session-queue} and {@code tsunagu.topology}
 * topics.
 */
public final class LocalInfra {

    /** Environment variable naming a state directory whose PostgreSQL and Kafka are already running. */
    public static final String STATE_DIR_ENV = "TSUNAGU_INFRA_STATE_DIR";
    /** System property overriding where the repository (the folder holding {@code infra/local}) is. */
    public static final String ROOT_PROPERTY = "tsunagu.repository.root";

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static LocalInfra instance;

    private final LocalScripts scripts;
    private ReferenceRabbitMq rabbitMq;
    private final Map<String, String> postgres;
    private final Map<String, String> kafka;
    private final Set<String> databases = ConcurrentHashMap.newKeySet();

    private LocalInfra(LocalScripts scripts, Map<String, String> postgres, Map<String, String> kafka) {
        this.scripts = scripts;
        this.postgres = postgres;
        this.kafka = kafka;
    }

    /**
     * Returns this JVM's local infrastructure, reusing or starting it on first call (a few seconds).
     *
     * @throws LocalInfraException when a script fails; the message carries the script's explanation
     */
    public static synchronized LocalInfra get() {
        if (instance == null) {
            instance = reuseOrStart(findRepositoryRoot());
        }
        return instance;
    }

    private static LocalInfra reuseOrStart(Path root) {
        String shared = System.getenv(STATE_DIR_ENV);
        if (shared != null && !shared.isBlank() && Files.isDirectory(Path.of(shared))) {
            LocalScripts sharedScripts = new LocalScripts(root, Path.of(shared).toAbsolutePath());
            if (sharedScripts.succeeds("postgres.sh", "status") && sharedScripts.succeeds("kafka.sh", "status")) {
                return fromEnvFiles(sharedScripts);
            }
        }
        Path own = Path.of(System.getProperty("user.dir"), "target", "tsunagu-infra").toAbsolutePath();
        LocalScripts ownScripts = new LocalScripts(root, own);
        // The hook first: if one server fails to start, the other one started by this call is still removed.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> destroy(ownScripts), "tsunagu-local-infra-stop"));
        ownScripts.runAll(List.of(List.of("postgres.sh", "start"), List.of("kafka.sh", "start")));
        return fromEnvFiles(ownScripts);
    }

    /** Stops what this JVM started: Kafka first (its clients are gone by now), then PostgreSQL. */
    private static void destroy(LocalScripts ownScripts) {
        // Each on its own: a failure to remove one must not leave the other running.
        try {
            ownScripts.runAll(List.of(List.of("kafka.sh", "destroy")));
        } finally {
            ownScripts.runAll(List.of(List.of("postgres.sh", "destroy")));
        }
    }

    private static LocalInfra fromEnvFiles(LocalScripts scripts) {
        return new LocalInfra(scripts, readEnvFile(scripts.stateDir().resolve("postgres.env")),
                readEnvFile(scripts.stateDir().resolve("kafka.env")));
    }

    /** Reads the {@code KEY=value} lines the scripts write. */
    static Map<String, String> readEnvFile(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int equals = line.indexOf('=');
                if (equals > 0 && !line.startsWith("#")) {
                    values.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
                }
            }
        } catch (IOException e) {
            throw new LocalInfraException("cannot read " + file + " (did the script start?)", e);
        }
        return values;
    }

    static Path findRepositoryRoot() {
        String configured = System.getProperty(ROOT_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("infra/local/postgres.sh"))) {
                return dir;
            }
        }
        throw new LocalInfraException("no infra/local/postgres.sh in " + start + " or above; set -D" + ROOT_PROPERTY
                + " to the repository root");
    }

    /**
     * Stops PostgreSQL (fast shutdown: open sessions are cut) and starts it again on the same port and data, for
     * durability tests; returns once it accepts connections again.
     */
    public void restartPostgres() {
        scripts.runAll(List.of(List.of("postgres.sh", "stop")));
        scripts.runAll(List.of(List.of("postgres.sh", "start")));
    }

    /**
     * The reference RabbitMQ, started on first use (Debian's package is installed when missing, which takes a minute
     * once) and stopped when this JVM exits.
     */
    public synchronized ReferenceRabbitMq rabbitMq() {
        if (rabbitMq == null) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> scripts.run("rabbitmq.sh", "stop"),
                    "tsunagu-rabbitmq-stop"));
            scripts.run("rabbitmq.sh", "start");
            rabbitMq = ReferenceRabbitMq.from(readEnvFile(scripts.stateDir().resolve("rabbitmq.env")));
        }
        return rabbitMq;
    }

    /** Kafka's bootstrap servers, {@code 127.0.0.1:port}. */
    public String kafkaBootstrapServers() {
        return value(kafka, "KAFKA_BOOTSTRAP_SERVERS");
    }

    public String postgresHost() {
        return value(postgres, "TSUNAGU_PG_HOST");
    }

    public int postgresPort() {
        return Integer.parseInt(value(postgres, "TSUNAGU_PG_PORT"));
    }

    /** The superuser the server was created with; it owns every database made by {@link #createDatabase}. */
    public String postgresUser() {
        return value(postgres, "TSUNAGU_PG_USER");
    }

    public String postgresPassword() {
        return value(postgres, "TSUNAGU_PG_PASSWORD");
    }

    /** Folder of the PostgreSQL binaries in use ({@code psql}, {@code pg_isready}). */
    public Path postgresBin() {
        return Path.of(value(postgres, "TSUNAGU_PG_BIN"));
    }

    /**
     * Creates database {@code name} unless it exists (a database per module keeps modules' tables apart).
     *
     * @param name lower-case letters, digits and {@code _}
     */
    public void createDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name must match " + DATABASE_NAME + ": " + name);
        }
        if (!databases.contains(name)) {
            scripts.run("postgres.sh", "createdb", name);
            databases.add(name);
        }
    }

    /** JDBC URL of database {@code db} (for Flyway and the JDBC datasource). */
    public String jdbcUrl(String db) {
        return "jdbc:postgresql://" + postgresHost() + ":" + postgresPort() + "/" + db;
    }

    /** Vert.x reactive client URL of database {@code db} ({@code quarkus.datasource.reactive.url}). */
    public String reactiveUrl(String db) {
        return "postgresql://" + postgresHost() + ":" + postgresPort() + "/" + db;
    }

    /** The state directory: env files, pid files and {@code logs/} (postgres.log, kafka.log). */
    public Path stateDir() {
        return scripts.stateDir();
    }

    public Path logsDir() {
        return scripts.stateDir().resolve("logs");
    }

    /** The repository root (the folder holding {@code infra/local}). */
    public Path repositoryRoot() {
        return scripts.root();
    }

    /** A JDK 21 or newer (the one Kafka runs on); end-to-end tests start the services with it. */
    public Path javaHome() {
        return Path.of(value(kafka, "TSUNAGU_JAVA_HOME"));
    }

    private static String value(Map<String, String> env, String key) {
        String value = env.get(key);
        if (value == null || value.isEmpty()) {
            throw new LocalInfraException(key + " missing from the env file written by infra/local");
        }
        return value;
    }

}
