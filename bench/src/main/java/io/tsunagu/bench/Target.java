package io.tsunagu.bench;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One system under test, as {@code bench/bench.sh} started it: Tsunagu or a reference broker.
 *
 * @param name        the column it gets in BENCHMARKS.md ("Tsunagu", "Mosquitto", "RabbitMQ")
 * @param mqttPort    its MQTT listener on 127.0.0.1, or 0 when it has none
 * @param amqpUri     its AMQP 0-9-1 URI, or empty when it speaks no AMQP
 * @param memoryPid   the file holding the pid of the process whose memory S4 measures (for Tsunagu: ingest)
 * @param jvm         true when that process is a JVM, so its heap can be measured as well
 */
record Target(String name, int mqttPort, Optional<String> amqpUri, Optional<Path> memoryPid, boolean jvm) {

    static final String HOST = "127.0.0.1";

    boolean isTsunagu() {
        return "Tsunagu".equals(name);
    }

    boolean speaksMqtt() {
        return mqttPort > 0;
    }
}
