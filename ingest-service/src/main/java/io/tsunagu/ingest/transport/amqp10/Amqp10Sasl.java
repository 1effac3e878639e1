package io.tsunagu.ingest.transport.amqp10;

import io.tsunagu.ingest.session.AuthRequest;
import io.tsunagu.ingest.session.AuthResult;
import java.nio.charset.StandardCharsets;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.SaslListener;
import org.apache.qpid.proton.engine.Transport;
import org.jboss.logging.Logger;

/**
 * The SASL server of an AMQP 1.0 connection (AMQP 1.0 §5.3): mechanisms PLAIN (RFC 4616: authzid NUL authcid NUL
 * passwd, checked by the node's {@code Authenticator}, as the AMQP 0-9-1 side does) and ANONYMOUS (accepted).
 * Anything else, or a refused login, is outcome {@code auth}, after which the peer closes. Event-loop only; the
 * authenticator's answer comes back to the event loop.
 */
final class Amqp10Sasl implements SaslListener {

    static final String PLAIN = "PLAIN";
    static final String ANONYMOUS = "ANONYMOUS";
    private static final Logger LOG = Logger.getLogger(Amqp10Sasl.class);

    private final Amqp10Connection connection;

    Amqp10Sasl(Amqp10Connection connection) {
        this.connection = connection;
    }

    @Override
    public void onSaslInit(Sasl sasl, Transport transport) {
        String[] mechanisms = sasl.getRemoteMechanisms();
        String mechanism = mechanisms.length == 0 ? "" : mechanisms[0];
        byte[] response = new byte[Math.max(0, sasl.pending())];
        sasl.recv(response, 0, response.length);
        if (ANONYMOUS.equals(mechanism)) {
            sasl.done(Sasl.SaslOutcome.PN_SASL_OK);
        } else if (PLAIN.equals(mechanism)) {
            authenticate(sasl, response);
        } else {
            LOG.debugf("AMQP 1.0 connection %s: unsupported SASL mechanism '%s'", connection.id(), mechanism);
            refuse(sasl, Sasl.SaslOutcome.PN_SASL_AUTH);
        }
    }

    private void authenticate(Sasl sasl, byte[] response) {
        String[] parts = new String(response, StandardCharsets.UTF_8).split("\0", -1);
        if (parts.length != 3) {
            refuse(sasl, Sasl.SaslOutcome.PN_SASL_AUTH);
            return;
        }
        AuthRequest request = new AuthRequest(connection.id(), parts[1], parts[2], connection.remoteAddress());
        connection.services().authenticator().authenticate(request).subscribe().with(
                result -> connection.onEventLoop(() -> onAuthenticated(sasl, result)),
                failure -> connection.onEventLoop(() -> {
                    LOG.warnf(failure, "AMQP 1.0 connection %s: the authenticator failed", connection.id());
                    refuse(sasl, Sasl.SaslOutcome.PN_SASL_TEMP);
                }));
    }

    private void onAuthenticated(Sasl sasl, AuthResult result) {
        if (result.isAccepted()) {
            sasl.done(Sasl.SaslOutcome.PN_SASL_OK);
            return;
        }
        LOG.debugf("AMQP 1.0 connection %s: login refused: %s", connection.id(), result.refusal().code());
        refuse(sasl, Sasl.SaslOutcome.PN_SASL_AUTH);
    }

    /** A failed outcome ends the connection (§5.3.3.6): the socket closes once the outcome is written. */
    private void refuse(Sasl sasl, Sasl.SaslOutcome outcome) {
        sasl.done(outcome);
        connection.closeAfterFlush();
    }

    @Override
    public void onSaslMechanisms(Sasl sasl, Transport transport) {
        // Client side only.
    }

    @Override
    public void onSaslChallenge(Sasl sasl, Transport transport) {
        // Client side only.
    }

    @Override
    public void onSaslResponse(Sasl sasl, Transport transport) {
        // PLAIN and ANONYMOUS take one step: no challenge is sent, so no response comes.
    }

    @Override
    public void onSaslOutcome(Sasl sasl, Transport transport) {
        // Client side only.
    }
}
