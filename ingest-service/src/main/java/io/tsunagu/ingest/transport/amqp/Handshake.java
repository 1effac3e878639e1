package io.tsunagu.ingest.transport.amqp;

import io.tsunagu.ingest.codec.amqp.ConnectionMethod;
import io.tsunagu.ingest.codec.amqp.DecodeResult;
import io.tsunagu.ingest.codec.amqp.FrameDecoder;
import io.tsunagu.ingest.codec.amqp.Method;
import io.tsunagu.ingest.codec.amqp.ReplyCode;
import io.tsunagu.ingest.codec.amqp.SaslResponse;
import io.tsunagu.ingest.codec.amqp.SaslResponse.Credentials;
import io.tsunagu.ingest.session.AuthRequest;
import io.tsunagu.ingest.session.AuthResult;
import io.tsunagu.ingest.transport.amqp.AmqpMetrics.RefusalReason;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The connection handshake after connection.start (§2.2.4, §4.10): start-ok (SASL PLAIN or AMQPLAIN through the
 * {@code Authenticator}), tune / tune-ok, open / open-ok. Steps: validate, authenticate, tune, open. Event-loop
 * only; the authenticator's answer comes back to the event loop.
 */
final class Handshake {

    private static final Logger LOG = Logger.getLogger(Handshake.class);
    private static final String AUTH_FAILURE_CLOSE = "authentication_failure_close";
    private static final String CONSUMER_CANCEL_NOTIFY = "consumer_cancel_notify";
    private static final String CONNECTION_BLOCKED = "connection.blocked";

    /** What the handshake waits for. */
    private enum Step {
        START_OK,
        AUTHENTICATING,
        TUNE_OK,
        OPEN
    }

    private final AmqpConnection connection;
    private final AmqpServices services;
    private Step step = Step.START_OK;
    private String tenant;

    Handshake(AmqpConnection connection, AmqpServices services) {
        this.connection = connection;
        this.services = services;
    }

    /** A method on any channel before open-ok. Only the expected method on channel 0 goes on (§2.2.4). */
    void handle(int channel, Method method) {
        if (channel == 0 && step == Step.START_OK && method instanceof ConnectionMethod.StartOk startOk) {
            handleStartOk(startOk);
        } else if (channel == 0 && step == Step.TUNE_OK && method instanceof ConnectionMethod.TuneOk tuneOk) {
            handleTuneOk(tuneOk);
        } else if (channel == 0 && step == Step.OPEN && method instanceof ConnectionMethod.Open open) {
            handleOpen(open);
        } else {
            connection.refuseHandshake(RefusalReason.HANDSHAKE_ERROR, "unexpected " + MethodNames.of(method)
                    + " on channel " + channel + " while waiting for " + step);
        }
    }

    private void handleStartOk(ConnectionMethod.StartOk startOk) {
        DecodeResult<Credentials> credentials = switch (startOk.mechanism()) {
            case SaslResponse.PLAIN -> SaslResponse.plain(startOk.response());
            case SaslResponse.AMQPLAIN -> SaslResponse.amqplain(startOk.response());
            // RabbitMQ (rabbit_reader auth_mechanism_to_module): command_invalid "unknown authentication mechanism",
            // raised while starting, so the socket closes without connection.close (its handshake_error path).
            default -> DecodeResult.failed(ReplyCode.COMMAND_INVALID, "unknown authentication mechanism");
        };
        if (credentials instanceof DecodeResult.Failed<Credentials> failed) {
            connection.refuseHandshake(RefusalReason.AUTHENTICATION, failed.code().code() + " " + failed.reason()
                    + " (" + startOk.mechanism() + ")");
            return;
        }
        Credentials user = ((DecodeResult.Decoded<Credentials>) credentials).value();
        boolean failureClose = capability(startOk.clientProperties(), AUTH_FAILURE_CLOSE);
        connection.clientCapabilities(capability(startOk.clientProperties(), CONSUMER_CANCEL_NOTIFY),
                capability(startOk.clientProperties(), CONNECTION_BLOCKED));
        step = Step.AUTHENTICATING;
        services.authenticator()
                .authenticate(new AuthRequest(connection.id(), user.username(), user.password(),
                        connection.remoteAddress()))
                .subscribe().with(
                        result -> connection.onEventLoop(() -> onAuthenticated(result, startOk, failureClose)),
                        failure -> connection.onEventLoop(() -> onAuthenticationFailed(failure)));
    }

    private void onAuthenticated(AuthResult result, ConnectionMethod.StartOk startOk, boolean failureClose) {
        if (!connection.inHandshake()) {
            return;
        }
        if (!result.isAccepted()) {
            refuseLogin(startOk, failureClose, result);
            return;
        }
        tenant = result.tenant();
        TuneLimits limits = limits();
        step = Step.TUNE_OK;
        connection.send(0, new ConnectionMethod.Tune(limits.channelMax(), limits.frameMax(), limits.heartbeat()));
    }

    /**
     * A refused login: connection.close 403 ACCESS_REFUSED for clients announcing
     * {@code authentication_failure_close} (RabbitMQ's text), otherwise the socket closes without a word.
     */
    private void refuseLogin(ConnectionMethod.StartOk startOk, boolean failureClose, AuthResult result) {
        if (failureClose) {
            services.metrics().refused(RefusalReason.AUTHENTICATION);
            connection.closeConnection(ReplyCode.ACCESS_REFUSED, "ACCESS_REFUSED - Login was refused using "
                    + "authentication mechanism " + startOk.mechanism() + " (" + result.refusal().code() + ")",
                    startOk);
        } else {
            connection.refuseHandshake(RefusalReason.AUTHENTICATION, "login refused: " + result.refusal().code());
        }
    }

    private void onAuthenticationFailed(Throwable failure) {
        if (!connection.inHandshake()) {
            return;
        }
        services.metrics().serverError(ReplyCode.INTERNAL_ERROR);
        LOG.warnf(failure, "AMQP connection %s from %s: the authenticator failed; closing", connection.id(),
                connection.remoteAddress());
        connection.refuseHandshake(RefusalReason.AUTHENTICATION, "authenticator failed");
    }

    /**
     * tune-ok: the client may lower channel-max and frame-max, not raise them (connection.tune-ok rules), and
     * frame-max may not go below frame-min-size 4096. Out of bounds is connection.close 530 NOT_ALLOWED, as
     * RabbitMQ's validate_negotiated_integer_value answers (it also refuses frame-max 0, "no limit", when it set
     * one). channel-max 0 means the client sets no limit of its own: ours applies. The client's heartbeat is taken
     * as it is, as RabbitMQ does.
     */
    private void handleTuneOk(ConnectionMethod.TuneOk tuneOk) {
        TuneLimits limits = limits();
        String problem = null;
        if (tuneOk.frameMax() != 0 && tuneOk.frameMax() < FrameDecoder.FRAME_MIN_SIZE) {
            problem = "negotiated frame_max = " + tuneOk.frameMax() + " is lower than the minimum allowed value ("
                    + FrameDecoder.FRAME_MIN_SIZE + ")";
        } else if (tuneOk.frameMax() == 0 || tuneOk.frameMax() > limits.frameMax()) {
            problem = "negotiated frame_max = " + tuneOk.frameMax() + " is higher than the maximum allowed value ("
                    + limits.frameMax() + ")";
        } else if (tuneOk.channelMax() > limits.channelMax()) {
            problem = "negotiated channel_max = " + tuneOk.channelMax()
                    + " is higher than the maximum allowed value (" + limits.channelMax() + ")";
        }
        if (problem != null) {
            services.metrics().refused(RefusalReason.TUNING);
            connection.closeConnection(ReplyCode.NOT_ALLOWED, "NOT_ALLOWED - " + problem, tuneOk);
            return;
        }
        int channelMax = tuneOk.channelMax() == 0 ? limits.channelMax() : tuneOk.channelMax();
        connection.tuned(tuneOk.frameMax(), channelMax, tuneOk.heartbeat());
        step = Step.OPEN;
    }

    /**
     * connection.open: virtual host {@code /} is the tenant of the login (the default tenant); any other name is
     * taken as the tenant of that name for now (tenants and users, and so refusing unknown vhosts with 530, come with
     * a later issue). Beyond the node's connection limit: 530 NOT_ALLOWED, as RabbitMQ's connection_max.
     */
    private void handleOpen(ConnectionMethod.Open open) {
        int limit = services.options().maxConnections();
        if (!services.metrics().tryOpen(limit)) {
            services.metrics().refused(RefusalReason.LIMIT);
            connection.closeConnection(ReplyCode.NOT_ALLOWED, "NOT_ALLOWED - connection refused: node connection "
                    + "limit (" + limit + ") is reached", open);
            return;
        }
        String vhost = open.virtualHost();
        String connectionTenant = "/".equals(vhost) ? tenant : vhost;
        connection.opened(true, vhost, connectionTenant);
        connection.send(0, new ConnectionMethod.OpenOk());
        connection.syncBlocked();
        LOG.debugf("AMQP connection %s from %s open: virtual host '%s', tenant '%s'", connection.id(),
                connection.remoteAddress(), vhost, connectionTenant);
    }

    private static boolean capability(Map<String, Object> clientProperties, String name) {
        return clientProperties.get("capabilities") instanceof Map<?, ?> capabilities
                && Boolean.TRUE.equals(capabilities.get(name));
    }

    private TuneLimits limits() {
        return new TuneLimits(services.options().channelMax(), services.options().frameMax().asLongValue(),
                (int) services.options().heartbeat().toSeconds());
    }

    /** The values we propose in connection.tune. */
    private record TuneLimits(int channelMax, long frameMax, int heartbeat) {
    }
}
