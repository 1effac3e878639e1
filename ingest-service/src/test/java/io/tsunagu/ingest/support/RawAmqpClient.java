package io.tsunagu.ingest.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.tsunagu.contracts.amqp.LongString;
import io.tsunagu.ingest.codec.amqp.ConnectionMethod;
import io.tsunagu.ingest.codec.amqp.DecodeResult;
import io.tsunagu.ingest.codec.amqp.Frame;
import io.tsunagu.ingest.codec.amqp.FrameDecoder;
import io.tsunagu.ingest.codec.amqp.FrameEncoder;
import io.tsunagu.ingest.codec.amqp.FrameType;
import io.tsunagu.ingest.codec.amqp.Method;
import io.tsunagu.ingest.codec.amqp.MethodCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A raw-socket AMQP 0-9-1 peer for misbehaving-client tests: it writes frames built with our codec (or literal bytes)
 * and reads frames back through {@link FrameDecoder} and {@link MethodCodec}. Blocking; test threads only.
 */
public final class RawAmqpClient implements AutoCloseable {

    /** The protocol header of AMQP 0-9-1. */
    public static final byte[] AMQP_0_9_1 = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};
    /** How long a read may wait. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ByteBuf received = Unpooled.buffer();
    private final FrameDecoder decoder = new FrameDecoder(0);
    private final FrameEncoder encoder = new FrameEncoder(0);

    /**
     * One frame read back.
     *
     * @param type the frame type
     * @param channel the channel number
     * @param method the decoded method of a method frame, else null
     */
    public record Received(FrameType type, int channel, Method method) {
    }

    private RawAmqpClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects to the listener on {@code port} on this host. */
    public static RawAmqpClient open(int port) throws IOException {
        Socket socket = new Socket("localhost", port);
        socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
        socket.setTcpNoDelay(true);
        return new RawAmqpClient(socket);
    }

    /** PLAIN's response: {@code NUL user NUL password}. */
    public static LongString plain(String user, String password) {
        return LongString.of("\0" + user + "\0" + password);
    }

    /** Writes {@code bytes} as they are. */
    public void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Writes one method frame on {@code channel}. */
    public void send(int channel, Method method) throws IOException {
        ByteBuf frame = Unpooled.buffer();
        encoder.writeMethod(channel, method, frame);
        sendBytes(ByteBufUtil.getBytes(frame));
    }

    /** Writes the header and expects connection.start; returns it. */
    public ConnectionMethod.Start start() throws IOException {
        sendBytes(AMQP_0_9_1);
        return expect(ConnectionMethod.Start.class);
    }

    /** Header, start, start-ok with {@code mechanism} and {@code response}; returns the server's connection.tune. */
    public ConnectionMethod.Tune login(String mechanism, LongString response) throws IOException {
        start();
        Map<String, Object> capabilities = Map.of("authentication_failure_close", Boolean.TRUE);
        send(0, new ConnectionMethod.StartOk(Map.of("product", "raw", "capabilities", capabilities), mechanism,
                response, "en_US"));
        return expect(ConnectionMethod.Tune.class);
    }

    /** PLAIN login, tune-ok with the server's values but {@code heartbeat}, open of vhost "/", open-ok. */
    public ConnectionMethod.Tune handshake(int heartbeat) throws IOException {
        ConnectionMethod.Tune tune = login("PLAIN", plain("guest", "guest"));
        send(0, new ConnectionMethod.TuneOk(tune.channelMax(), tune.frameMax(), heartbeat));
        openVirtualHost("/");
        return tune;
    }

    /** connection.open of {@code vhost}, expecting open-ok. */
    public void openVirtualHost(String vhost) throws IOException {
        send(0, new ConnectionMethod.Open(vhost));
        expect(ConnectionMethod.OpenOk.class);
    }

    /** The next method frame (heartbeats skipped), which must be of {@code type}. */
    public <T extends Method> T expect(Class<T> type) throws IOException {
        Received frame;
        do {
            frame = read();
            assertThat(frame).as("a frame before the connection closed").isNotNull();
        } while (frame.type() == FrameType.HEARTBEAT);
        assertThat(frame.method()).as("method").isInstanceOf(type);
        return type.cast(frame.method());
    }

    /**
     * Expects connection.close with {@code replyCode} (heartbeats skipped), answers close-ok, and expects the server
     * to close the socket; returns the close.
     */
    public ConnectionMethod.Close expectConnectionClose(int replyCode) throws IOException {
        ConnectionMethod.Close close = expect(ConnectionMethod.Close.class);
        assertThat(close.replyCode()).as("connection.close reply code (%s)", close.replyText()).isEqualTo(replyCode);
        try {
            send(0, new ConnectionMethod.CloseOk());
        } catch (IOException e) {
            // The server may already have closed (a frame error loses the frame sync).
        }
        assertThat(readUntilClosed()).as("frames after connection.close").allSatisfy(
                frame -> assertThat(frame.type()).isEqualTo(FrameType.HEARTBEAT));
        return close;
    }

    /** The next frame, or null when the server closed the connection. */
    public Received read() throws IOException {
        while (true) {
            DecodeResult<Frame> result = decoder.decode(received);
            if (result instanceof DecodeResult.Decoded<Frame> decoded) {
                return toReceived(decoded.value());
            }
            assertThat(result).as("a frame the codec accepts").isInstanceOf(DecodeResult.NeedMore.class);
            if (!fill()) {
                return null;
            }
        }
    }

    /** Every frame until the server closes the connection (within {@link #READ_TIMEOUT}). */
    public List<Received> readUntilClosed() throws IOException {
        List<Received> frames = new ArrayList<>();
        for (Received frame = read(); frame != null; frame = read()) {
            frames.add(frame);
        }
        return frames;
    }

    /** Every byte until the server closes the connection (within {@link #READ_TIMEOUT}). */
    public byte[] readBytesUntilClosed() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(ByteBufUtil.getBytes(received));
        received.clear();
        byte[] chunk = new byte[4096];
        for (int n = readChunk(chunk); n >= 0; n = readChunk(chunk)) {
            bytes.write(chunk, 0, n);
        }
        return bytes.toByteArray();
    }

    private boolean fill() throws IOException {
        byte[] chunk = new byte[4096];
        int n = readChunk(chunk);
        if (n < 0) {
            return false;
        }
        received.writeBytes(chunk, 0, n);
        return true;
    }

    private int readChunk(byte[] chunk) throws IOException {
        try {
            return in.read(chunk);
        } catch (SocketTimeoutException e) {
            throw new IOException("the server neither answered nor closed within " + READ_TIMEOUT, e);
        } catch (SocketException e) {
            // A reset after the server closed counts as closed.
            return -1;
        }
    }

    private static Received toReceived(Frame frame) {
        try {
            Method method = null;
            if (frame.type() == FrameType.METHOD) {
                DecodeResult<Method> decoded = MethodCodec.decode(frame.payload());
                assertThat(decoded).as("a method we can decode").isInstanceOf(DecodeResult.Decoded.class);
                method = ((DecodeResult.Decoded<Method>) decoded).value();
            }
            return new Received(frame.type(), frame.channel(), method);
        } finally {
            frame.release();
        }
    }

    /** The bytes of {@code text} in US-ASCII. */
    public static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        received.release();
        socket.close();
    }
}
