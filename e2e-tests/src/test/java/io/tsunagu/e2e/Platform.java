package io.tsunagu.e2e;

import io.tsunagu.infra.DevCertificates;
import io.tsunagu.infra.LocalInfra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole platform as real processes: storage-service, routing-service, two ingest-service nodes and
 * frontend-web, over the test run's one PostgreSQL and one Kafka ({@link LocalInfra}).
 */
final class Platform implements AutoCloseable {

    private static final String DATABASE = "tsunagu_e2e";
    private static Platform shared;

    private final LocalInfra infra = LocalInfra.get();
    private final Path root = repositoryRoot();
    private final DevCertificates certificates = DevCertificates.in(Path.of("target", "e2e-tls"));
    private final ServiceProcess storage;
    private final ServiceProcess routing;
    private final IngestNode nodeA;
    private final IngestNode nodeB;
    private final ServiceProcess frontend;

    /**
     * An ingest node: its process and the ports of its MQTT listeners.
     *
     * @param process the service process
     * @param mqttPort MQTT over TCP
     * @param ports the other listeners: MQTT over TLS, WebSocket, WebSocket over TLS, AMQP
     */
    record IngestNode(ServiceProcess process, int mqttPort, ListenerPorts ports) {

        /** The URL of its MQTT-over-WebSocket endpoint. */
        String webSocketUrl() {
            return "ws://127.0.0.1:" + ports.ws() + "/mqtt";
        }
    }

    /**
     * The ports of an ingest node's listeners besides MQTT over TCP.
     *
     * @param mqttTls MQTT over TLS
     * @param ws MQTT over WebSocket
     * @param wss MQTT over WebSocket over TLS
     * @param amqp AMQP 0-9-1
     */
    record ListenerPorts(int mqttTls, int ws, int wss, int amqp) {
    }

    Platform() {
        infra.createDatabase(DATABASE);
        storage = service("storage-service", storageEnvironment());
        routing = service("routing-service", routingEnvironment());
        nodeA = ingestNode("ingest-e2e-a");
        nodeB = ingestNode("ingest-e2e-b");
        frontend = service("frontend-web", frontendEnvironment());
    }

    /**
     * The platform every test class of this run shares: started on first use (about half a minute), stopped when
     * the test JVM exits.
     */
    static synchronized Platform shared() throws IOException {
        if (shared == null) {
            Platform platform = new Platform();
            Runtime.getRuntime().addShutdownHook(new Thread(platform::closeQuietly, "tsunagu-e2e-platform-stop"));
            shared = platform.start();
        }
        return shared;
    }

    /** Starts every service in parallel and waits until each reports ready. */
    Platform start() throws IOException {
        for (ServiceProcess process : all()) {
            process.start();
        }
        all().forEach(ServiceProcess::awaitReady);
        return this;
    }

    ServiceProcess storage() {
        return storage;
    }

    ServiceProcess routing() {
        return routing;
    }

    ServiceProcess frontend() {
        return frontend;
    }

    IngestNode nodeA() {
        return nodeA;
    }

    IngestNode nodeB() {
        return nodeB;
    }

    /** The development CA the TLS listeners' certificate comes from; it also signs client certificates. */
    DevCertificates certificates() {
        return certificates;
    }

    /**
     * Stops every service at once (SIGTERM), then waits a bounded time and kills what is left: the test JVM is
     * itself shutting down and must not outlive the build's patience, nor leave services running.
     */
    @Override
    public void close() throws InterruptedException {
        all().forEach(ServiceProcess::requestStop);
        for (ServiceProcess process : all()) {
            process.awaitStopped(Duration.ofSeconds(10));
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<ServiceProcess> all() {
        return List.of(storage, routing, nodeA.process(), nodeB.process(), frontend);
    }

    private IngestNode ingestNode(String nodeId) {
        int mqttPort = freePort();
        ListenerPorts ports = new ListenerPorts(freePort(), freePort(), freePort(), freePort());
        Map<String, String> environment = kafkaEnvironment();
        environment.put("TSUNAGU_INGEST_NODE_ID", nodeId);
        environment.put("TSUNAGU_INGEST_MQTT_HOST", "127.0.0.1");
        environment.put("TSUNAGU_INGEST_MQTT_PORT", Integer.toString(mqttPort));
        environment.putAll(listenerEnvironment(ports));
        environment.put("TSUNAGU_INGEST_ROUTING_URL", routing.baseUrl());
        environment.put("TSUNAGU_INGEST_STORAGE_URL", storage.baseUrl());
        // Client mistakes are logged at DEBUG: the logs under target/e2e-logs then explain a failing test.
        environment.put("QUARKUS_LOG_CATEGORY__IO_TSUNAGU_INGEST__LEVEL", "DEBUG");
        return new IngestNode(service("ingest-service", nodeId, environment), mqttPort, ports);
    }

    /**
     * The WebSocket, TLS and AMQP listeners on free ports; client certificates are requested, and their CN is the
     * user name.
     */
    private Map<String, String> listenerEnvironment(ListenerPorts ports) {
        return Map.of(
                "TSUNAGU_INGEST_AMQP_PORT", Integer.toString(ports.amqp()),
                "TSUNAGU_INGEST_MQTT_TLS_PORT", Integer.toString(ports.mqttTls()),
                "TSUNAGU_INGEST_WS_PORT", Integer.toString(ports.ws()),
                "TSUNAGU_INGEST_WSS_PORT", Integer.toString(ports.wss()),
                "TSUNAGU_INGEST_TLS_CERT_FILE", certificates.serverCertificate().toString(),
                "TSUNAGU_INGEST_TLS_KEY_FILE", certificates.serverKey().toString(),
                "TSUNAGU_INGEST_TLS_CLIENT_CA_FILE", certificates.ca().toString(),
                "TSUNAGU_INGEST_TLS_CLIENT_AUTH", "request",
                "TSUNAGU_INGEST_TLS_USE_IDENTITY_AS_USERNAME", "true");
    }

    private Map<String, String> routingEnvironment() {
        Map<String, String> environment = kafkaEnvironment();
        // Session decisions (takeovers, expiry, wills, dead nodes) are logged at DEBUG, to explain a failing test.
        environment.put("QUARKUS_LOG_CATEGORY__IO_TSUNAGU_ROUTING_SYS__LEVEL", "DEBUG");
        environment.put("TSUNAGU_ROUTING_QUEUES_STORAGE_URL", storage.baseUrl());
        // Queue owners log their rebuilds, barriers and deletions at DEBUG.
        environment.put("QUARKUS_LOG_CATEGORY__IO_TSUNAGU_ROUTING_AMQP__LEVEL", "DEBUG");
        return environment;
    }

    private Map<String, String> kafkaEnvironment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrapServers());
        return environment;
    }

    private Map<String, String> storageEnvironment() {
        Map<String, String> environment = kafkaEnvironment();
        environment.put("QUARKUS_DATASOURCE_USERNAME", infra.postgresUser());
        environment.put("QUARKUS_DATASOURCE_PASSWORD", infra.postgresPassword());
        environment.put("QUARKUS_DATASOURCE_JDBC_URL", infra.jdbcUrl(DATABASE));
        environment.put("QUARKUS_DATASOURCE_REACTIVE_URL", infra.reactiveUrl(DATABASE));
        return environment;
    }

    private Map<String, String> frontendEnvironment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("TSUNAGU_FRONTEND_INGEST_URLS",
                nodeA.process().baseUrl() + "," + nodeB.process().baseUrl());
        environment.put("TSUNAGU_FRONTEND_ROUTING_URL", routing.baseUrl());
        environment.put("TSUNAGU_FRONTEND_STORAGE_URL", storage.baseUrl());
        // The dashboard connects to node A's WebSocket listener.
        environment.put("TSUNAGU_FRONTEND_MQTT_WEBSOCKET_URL", nodeA.webSocketUrl());
        return environment;
    }

    private ServiceProcess service(String module, Map<String, String> environment) {
        return service(module, module, environment);
    }

    private ServiceProcess service(String module, String name, Map<String, String> environment) {
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (mvn package)");
        }
        return new ServiceProcess(name, jar, freePort(), environment);
    }

    private static Path repositoryRoot() {
        String configured = System.getProperty("tsunagu.repository.root");
        return configured != null ? Path.of(configured) : Path.of("..").toAbsolutePath().normalize();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
