package io.tsunagu.ingest.transport;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.tsunagu.contracts.error.IngestError;
import io.tsunagu.ingest.codec.ClientIdLimits;
import io.tsunagu.ingest.codec.ClientSettings;
import io.tsunagu.ingest.codec.ClientSettingsReader;
import io.tsunagu.ingest.codec.ConnackProperties;
import io.tsunagu.ingest.codec.ConnackSettings;
import io.tsunagu.ingest.codec.ConnectCheck;
import io.tsunagu.ingest.codec.ConnectRequest;
import io.tsunagu.ingest.codec.ConnectValidator;
import io.tsunagu.ingest.codec.MqttVersion;
import io.tsunagu.ingest.codec.WillCheck;
import io.tsunagu.ingest.codec.WillValidator;
import io.tsunagu.ingest.config.IngestOptions;
import io.tsunagu.ingest.session.AuthRequest;
import io.tsunagu.ingest.session.AuthResult;
import io.tsunagu.ingest.session.KeepAlive;
import io.tsunagu.ingest.session.SessionExpiry;
import io.tsunagu.ingest.session.SessionTerms;
import io.vertx.mqtt.MqttAuth;
import io.vertx.mqtt.MqttEndpoint;
import java.util.OptionalLong;

/**
 * CONNECT in four steps: validate (connection limit, protocol level, client identifier, MQTT 5 properties),
 * authenticate, open the session, reply with CONNACK. Event-loop only.
 *
 * <p>The session persists when a 3.1/3.1.1 client sets Clean Session 0 or an MQTT 5 client a Session Expiry
 * Interval above 0, capped by {@code tsunagu.ingest.mqtt.max-session-expiry} (an MQTT 5 client is told the granted
 * interval when it differs, MQTT 5 §3.2.2.3.2). CONNACK says Session Present 1 when an existing session was resumed
 * [MQTT-3.2.2-2], else 0 [MQTT-3.2.2-1] [MQTT-3.2.2-3].
 */
final class ConnectHandler {

    private final MqttConnection connection;
    private final ConnectionServices services;
    private final MqttEndpoint endpoint;

    ConnectHandler(MqttConnection connection, ConnectionServices services) {
        this.connection = connection;
        this.services = services;
        this.endpoint = connection.endpoint();
    }

    /** Handles the CONNECT the endpoint was created for. */
    void handle() {
        if (services.registry().openCount() > options().maxConnections()) {
            // Beyond the node's connection limit: MQTT 5 0x97 Quota exceeded, 3.1/3.1.1 3 Server unavailable.
            services.metrics().connectionRefused();
            connection.refuse(IngestError.QUOTA_EXCEEDED, "more than " + options().maxConnections()
                    + " connections on this node");
            return;
        }
        ConnectCheck check = ConnectValidator.validate(request(),
                new ClientIdLimits(options().maxClientIdLength(), options().maxClientIdLengthMqtt31()));
        if (!check.isAccepted()) {
            connection.refuse(check.error(), check.reason());
            return;
        }
        ClientSettingsReader.Result settings = readSettings();
        if (!settings.isAccepted()) {
            connection.refuse(settings.error(), settings.reason());
            return;
        }
        WillCheck will = WillValidator.validate(endpoint.will(), endpoint.protocolVersion(), services.topicLimits(),
                options().retainAvailable());
        if (!will.isAccepted()) {
            refuseWill(will);
            return;
        }
        connection.holdWill(will.will());
        services.authenticator().authenticate(authRequest(check.clientId()))
                .emitOn(connection::execute)
                .subscribe().with(
                        result -> onAuthenticated(check, settings.settings(), result),
                        failure -> connection.refuse(IngestError.SERVER_UNAVAILABLE, String.valueOf(failure)));
    }

    private void onAuthenticated(ConnectCheck check, ClientSettings settings, AuthResult result) {
        if (!result.isAccepted()) {
            connection.refuse(result.refusal(), "authentication refused");
            return;
        }
        if (services.registry().isDraining()) {
            connection.refuse(IngestError.SERVER_UNAVAILABLE, "the node is shutting down");
            return;
        }
        KeepAlive keepAlive = KeepAlive.negotiate(endpoint.protocolVersion(), endpoint.keepAliveTimeSeconds(),
                (int) options().maxKeepAlive().toSeconds());
        ConnectedClient client = new ConnectedClient(result.tenant(), check.clientId(), endpoint.protocolVersion(),
                settings, keepAlive);
        SessionTerms terms = terms(settings);
        connection.open(client, terms).onComplete(opened -> connection.execute(() -> {
            if (connection.isClosed()) {
                return;
            }
            if (opened.failed()) {
                connection.refuse(IngestError.SERVER_UNAVAILABLE, "session not found: " + opened.cause());
                return;
            }
            connection.begin(opened.result()).onComplete(written -> connection.execute(() -> {
                if (connection.isClosed()) {
                    return;
                }
                if (written.failed()) {
                    connection.refuse(IngestError.SERVER_UNAVAILABLE, "session not handed off: " + written.cause());
                    return;
                }
                reply(check, new Granted(client, terms, opened.result().present()));
                connection.accepted(opened.result());
            }));
        }));
    }

    /** What the client is granted: its session's terms and whether it was resumed. */
    private record Granted(ConnectedClient client, SessionTerms terms, boolean sessionPresent) {
    }

    /** The session the CONNECT asks for, and the expiry it is granted. */
    private SessionTerms terms(ClientSettings settings) {
        long requested = settings.sessionExpiryInterval();
        long granted = SessionExpiry.atConnect(endpoint.protocolVersion(), endpoint.isCleanSession(), requested,
                options().maxSessionExpiry().toSeconds());
        return new SessionTerms(endpoint.isCleanSession(), requested, granted);
    }

    private void reply(ConnectCheck check, Granted granted) {
        ConnectedClient client = granted.client();
        if (check.assigned()) {
            endpoint.setClientIdentifier(client.clientId());
        }
        if (!client.isMqtt5()) {
            endpoint.accept(granted.sessionPresent());
            return;
        }
        SessionTerms terms = granted.terms();
        ConnackSettings connack = new ConnackSettings(
                options().receiveMaximum(),
                (int) options().maxPacketSize().asLongValue(),
                check.assigned() ? client.clientId() : null,
                client.keepAlive().serverKeepAlive(),
                terms.grantedExpiry() == terms.requestedExpiry() ? OptionalLong.empty()
                        : OptionalLong.of(terms.grantedExpiry()),
                options().topicAliasMaximum());
        endpoint.accept(granted.sessionPresent(), ConnackProperties.build(connack, options().retainAvailable()));
    }

    /** A will we cannot accept: MQTT 5 CONNACK with its reason code; 3.1/3.1.1 have none for it, so close. */
    private void refuseWill(WillCheck will) {
        if (MqttVersion.isMqtt5(endpoint.protocolVersion())) {
            connection.refuse(will.error(), will.reason());
        } else {
            connection.protocolViolation(will.error(), will.reason());
        }
    }

    private ConnectRequest request() {
        return new ConnectRequest(endpoint.protocolVersion(), endpoint.clientIdentifier(),
                endpoint.isCleanSession(), endpoint.keepAliveTimeSeconds());
    }

    private ClientSettingsReader.Result readSettings() {
        if (!MqttVersion.isMqtt5(endpoint.protocolVersion())) {
            return new ClientSettingsReader.Result(ClientSettings.defaults(), null, null);
        }
        MqttProperties properties = endpoint.connectProperties();
        return ClientSettingsReader.read(properties == null ? MqttProperties.NO_PROPERTIES : properties);
    }

    private AuthRequest authRequest(String clientId) {
        MqttAuth auth = endpoint.auth();
        ClientUsername.Resolved user = connection.username();
        // A certificate's identity stands for CONNECT's credentials, password included.
        String password = auth == null || user.fromCertificate() ? null : auth.getPassword();
        return new AuthRequest(clientId, user.name(), password, connection.remoteAddress());
    }

    private IngestOptions.Mqtt options() {
        return services.options().mqtt();
    }
}
