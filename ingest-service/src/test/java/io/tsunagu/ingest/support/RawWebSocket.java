package io.tsunagu.ingest.support;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A WebSocket peer for the MQTT-over-WebSocket listener that sends exactly the frames a test builds (the JDK's
 * WebSocket client): binary frames split or joined as the test chooses, text frames, oversize frames. It collects
 * the bytes of the binary frames it receives and the close the server sends. Test threads only.
 */
public final class RawWebSocket implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Listener listener;
    private final WebSocket socket;

    private RawWebSocket(Listener listener, WebSocket socket) {
        this.listener = listener;
        this.socket = socket;
    }

    /** Opens ws://127.0.0.1:{port}{path} asking for {@code subprotocol}; fails when the upgrade is refused. */
    public static RawWebSocket open(int port, String path, String subprotocol) throws Exception {
        Listener listener = new Listener();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .subprotocols(subprotocol)
                .connectTimeout(WAIT)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + path), listener)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return new RawWebSocket(listener, socket);
    }

    /** The subprotocol the server selected. */
    public String subprotocol() {
        return socket.getSubprotocol();
    }

    /** Sends {@code bytes} as one binary frame (message). */
    public void sendBinary(byte[] bytes) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * Starts sending {@code bytes} as one binary frame without waiting for the write: a server that refuses the frame
     * from its header may close the connection before the client has written all of it (the write then fails).
     */
    public void startSendingBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true);
    }

    /** Sends {@code parts} as one fragmented binary message: a binary frame, then continuation frames. */
    public void sendFragmented(byte[]... parts) throws Exception {
        for (int i = 0; i < parts.length; i++) {
            socket.sendBinary(ByteBuffer.wrap(parts[i]), i == parts.length - 1).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** Sends {@code text} as one text frame. */
    public void sendText(String text) throws Exception {
        socket.sendText(text, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Waits until at least {@code count} bytes arrived in binary frames, and returns all received so far. */
    public byte[] awaitBytes(int count) {
        Awaitility.await().atMost(WAIT).until(() -> listener.received().length >= count);
        return listener.received();
    }

    /** Waits for the server's close frame and returns its status code. */
    public int awaitClose() throws Exception {
        return listener.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        socket.abort();
    }

    /** Collects binary payloads and the close code; requests one message at a time. */
    private static final class Listener implements WebSocket.Listener {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<Integer> closed = new CompletableFuture<>();

        synchronized byte[] received() {
            return bytes.toByteArray();
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            synchronized (this) {
                bytes.writeBytes(chunk);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
