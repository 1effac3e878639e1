package io.tsunagu.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs against the real servers: the infra module has no Quarkus app, so psql and Kafka's tools stand in. */
class LocalInfraTest {

    private final LocalInfra infra = LocalInfra.get();

    @Test
    void getReturnsOneInstancePerJvm() {
        assertThat(LocalInfra.get()).isSameAs(infra);
    }

    @Test
    void kafkaAnswersOnItsBootstrapAddress() throws IOException {
        String[] hostPort = infra.kafkaBootstrapServers().split(":");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 5_000);
            assertThat(socket.isConnected()).isTrue();
        }
    }

    @Test
    void kafkaHasTheTsunaguStreams() throws IOException, InterruptedException {
        String topics = runScript("kafka.sh", "topics");
        assertThat(topics.lines()).contains("tsunagu.publish", "tsunagu.session", "tsunagu.retained",
                "tsunagu.session-queue");
    }

    @Test
    void createdDatabaseAcceptsConnectionsWithThePassword() throws IOException, InterruptedException {
        infra.createDatabase("infra_test");
        infra.createDatabase("infra_test");
        assertThat(psql("infra_test", "SELECT current_database()")).isEqualTo("infra_test");
    }

    @Test
    void urlsNameHostPortAndDatabase() {
        String hostPort = infra.postgresHost() + ":" + infra.postgresPort();
        assertThat(infra.jdbcUrl("x")).isEqualTo("jdbc:postgresql://" + hostPort + "/x");
        assertThat(infra.reactiveUrl("x")).isEqualTo("postgresql://" + hostPort + "/x");
    }

    @Test
    void invalidDatabaseNameIsRejected() {
        assertThatThrownBy(() -> infra.createDatabase("x; DROP DATABASE y")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void javaHomeIsAJdk21OrNewer() {
        assertThat(infra.javaHome().resolve("bin/java")).isExecutable();
        assertThat(Runtime.Version.parse(release(infra.javaHome())).feature()).isGreaterThanOrEqualTo(21);
    }

    @Test
    void eachServiceIsStartedWithTheOverridesOfItsOwnStreamChannelsOnly() throws IOException, InterruptedException {
        // publish-out is ingest's outgoing channel, publish storage's incoming one; routing has neither.
        Map<String, String> overrides = Map.of("MP_MESSAGING_OUTGOING_PUBLISH_OUT_LINGER_MS", "5",
                "MP_MESSAGING_INCOMING_PUBLISH_MAX_POLL_RECORDS", "100");
        assertThat(foreignChannelVars("ingest-service", overrides))
                .containsExactly("MP_MESSAGING_INCOMING_PUBLISH_MAX_POLL_RECORDS");
        assertThat(foreignChannelVars("storage-service", overrides))
                .containsExactly("MP_MESSAGING_OUTGOING_PUBLISH_OUT_LINGER_MS");
        assertThat(foreignChannelVars("routing-service", overrides))
                .containsExactlyInAnyOrderElementsOf(overrides.keySet());
    }

    private List<String> foreignChannelVars(String service, Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of("bash", "-c",
                "source \"$1\" && foreign_channel_vars \"$2\"", "bash",
                infra.repositoryRoot().resolve("infra/local/lib.sh").toString(), service));
        builder.environment().putAll(environment);
        return output(builder).lines().toList();
    }

    private static String release(Path javaHome) {
        try {
            return Files.readAllLines(javaHome.resolve("release"), StandardCharsets.UTF_8).stream()
                    .filter(line -> line.startsWith("JAVA_VERSION="))
                    .map(line -> line.substring("JAVA_VERSION=".length()).replace("\"", ""))
                    .findFirst()
                    .orElseThrow();
        } catch (IOException e) {
            throw new IllegalStateException("no release file in " + javaHome, e);
        }
    }

    private String psql(String database, String sql) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of(infra.postgresBin().resolve("psql").toString(),
                "-X", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", infra.postgresHost(),
                "-p", String.valueOf(infra.postgresPort()), "-U", infra.postgresUser(), "-d", database, "-c", sql));
        builder.environment().put("PGPASSWORD", infra.postgresPassword());
        return output(builder);
    }

    private String runScript(String script, String command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of("bash",
                infra.repositoryRoot().resolve("infra/local").resolve(script).toString(), command));
        builder.environment().put("TSUNAGU_STATE_DIR", infra.stateDir().toString());
        return output(builder);
    }

    private static String output(ProcessBuilder builder) throws IOException, InterruptedException {
        Process process = builder.redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
