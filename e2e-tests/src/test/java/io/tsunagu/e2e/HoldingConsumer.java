package io.tsunagu.e2e;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A slow worker: holds each delivery for a few milliseconds before acknowledging it, and records the most
 * unacknowledged messages it ever held at once, which a prefetch limit must bound.
 */
final class HoldingConsumer extends DefaultConsumer {

    private static final long HOLD_MILLIS = 20;

    private final ScheduledExecutorService acker = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger mostHeld = new AtomicInteger();
    private final AtomicInteger count = new AtomicInteger();

    HoldingConsumer(Channel channel) {
        super(channel);
    }

    @Override
    public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        mostHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
        count.incrementAndGet();
        acker.schedule(() -> ack(envelope.getDeliveryTag()), HOLD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void ack(long deliveryTag) {
        held.decrementAndGet();
        try {
            getChannel().basicAck(deliveryTag, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void handleShutdownSignal(String consumerTag, ShutdownSignalException sig) {
        acker.shutdownNow();
    }

    int mostHeld() {
        return mostHeld.get();
    }

    int count() {
        return count.get();
    }
}
