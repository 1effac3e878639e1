package io.tsunagu.ingest.transport.amqp;

/**
 * The basic.publish of one connection in Kafka's hands ({@code tsunagu.ingest.amqp.max-publishes-in-flight}): when
 * the window is full the connection stops reading its socket, as the MQTT side does with its receive maximum; it
 * reads again once Kafka answered one. Also counts into the node's {@link PublishPressure}. Event-loop only.
 */
final class PublishWindow {

    private final int size;
    private final PublishPressure pressure;
    private int inFlight;
    private boolean full;

    PublishWindow(int size, PublishPressure pressure) {
        this.size = size;
        this.pressure = pressure;
    }

    /** One more publish in flight; true when this fills the window (reading must pause now). */
    boolean acquire() {
        inFlight++;
        pressure.started();
        if (inFlight >= size && !full) {
            full = true;
            return true;
        }
        return false;
    }

    /** Kafka answered one; true when the window has room again (reading may resume now). */
    boolean release() {
        inFlight--;
        pressure.finished();
        if (full && inFlight < size) {
            full = false;
            return true;
        }
        return false;
    }

    /** Whether the window is full (the socket is not read). */
    boolean isFull() {
        return full;
    }
}
