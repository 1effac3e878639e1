package io.tsunagu.routing.amqp.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The owner of an exclusive queue as storage's topology record names it, and who may use the queue. */
class QueueOwnershipTest {

    private static QueueDefinition queue(String json) {
        TopologyEntry entry = TopologyJson.decode(json.getBytes(StandardCharsets.UTF_8)).orElseThrow();
        return ((TopologyEntry.Queue) entry).definition();
    }

    @Test
    void anExclusiveQueueBelongsToTheConnectionItsRecordNames() {
        QueueDefinition exclusive = queue("""
                {"version":1,"kind":"queue","vhost":"v","name":"q","durable":false,"autoDelete":false,
                 "exclusive":true,"ownerConnection":"c1","ownerNode":"n1","arguments":{}}""");

        assertThat(exclusive.ownerNode()).isEqualTo("n1");
        assertThat(exclusive.ownerConnection()).isEqualTo("c1");
        assertThat(exclusive.usableBy("n1", "c1")).isTrue();
        assertThat(exclusive.usableBy("n1", "c2")).isFalse();
        assertThat(exclusive.usableBy("n2", "c1")).isFalse();
    }

    @Test
    void aSharedQueueIsUsableByEveryConnection() {
        QueueDefinition shared = queue("""
                {"version":1,"kind":"queue","vhost":"v","name":"q","durable":true,"autoDelete":false,
                 "exclusive":false,"ownerConnection":null,"ownerNode":null,"arguments":{}}""");

        assertThat(shared.ownerNode()).isNull();
        assertThat(shared.usableBy("n1", "c1")).isTrue();
    }
}
