package io.tsunagu.ingest.transport;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.tsunagu.contracts.error.IngestError;
import io.tsunagu.ingest.codec.ClientSettings;
import io.tsunagu.ingest.codec.ClientSettingsReader;
import io.tsunagu.ingest.codec.ConnackProperties;
import io.tsunagu.ingest.codec.ConnackSettings;
import io.tsunagu.ingest.codec.ConnectCheck;
import io.tsunagu.ingest.codec.ConnectRequest;
import io.tsunagu.ingest.codec.ConnectValidator;
import io.tsunagu.ingest.codec.MqttVersion;
import io.tsunagu.ingest.config.IngestOptions;
import io.tsunagu.ingest.session.AuthRequest;
import io.tsunagu.ingest.session.AuthResult;
import io.tsunagu.ingest.session.KeepAlive;
import io.vertx.mqtt.MqttAuth;
import io.vertx.mqtt.MqttEndpoint;

/**
 * CONNECT in four steps: validate (protocol level, client identifier, MQTT 5 properties), authenticate, open the
 * session, reply with CONNACK. Event-loop only.
 *
 * <p>Sessions do not outlive their connection until issue 3: CONNACK always says Session Present 0, which is what
 * the protocol requires of a server that holds no state for the client [MQTT-3.2.2-2] [MQTT-3.2.2-3], and an MQTT 5
 * client asking for a Session Expiry Interval is told 0.
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
        ConnectCheck check = ConnectValidator.validate(request(), options().maxClientIdLength());
        if (!check.isAccepted()) {
            connection.refuse(check.error(), check.reason());
            return;
        }
        ClientSettingsReader.Result settings = readSettings();
        if (!settings.isAccepted()) {
            connection.refuse(settings.error(), settings.reason());
            return;
        }
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
        connection.open(client);
        reply(check, client);
        connection.accepted();
    }

    private void reply(ConnectCheck check, ConnectedClient client) {
        if (check.assigned()) {
            endpoint.setClientIdentifier(client.clientId());
        }
        if (!client.isMqtt5()) {
            endpoint.accept(false);
            return;
        }
        ConnackSettings connack = new ConnackSettings(
                options().receiveMaximum(),
                (int) options().maxPacketSize().asLongValue(),
                check.assigned() ? client.clientId() : null,
                client.keepAlive().serverKeepAlive(),
                client.settings().sessionExpiryInterval() > 0);
        endpoint.accept(false, ConnackProperties.build(connack));
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
        return new AuthRequest(clientId, auth == null ? null : auth.getUsername(),
                auth == null ? null : auth.getPassword(), connection.remoteAddress());
    }

    private IngestOptions.Mqtt options() {
        return services.options().mqtt();
    }
}
