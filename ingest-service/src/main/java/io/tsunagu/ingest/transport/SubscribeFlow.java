package io.tsunagu.ingest.transport;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.tsunagu.contracts.error.IngestError;
import io.tsunagu.contracts.topic.TopicValidation;
import io.tsunagu.ingest.codec.FilterCheck;
import io.tsunagu.ingest.codec.ReasonCodes;
import io.tsunagu.ingest.codec.SubscriptionValidator;
import io.tsunagu.ingest.session.SubscriptionSet;
import io.tsunagu.ingest.session.SubscriptionSet.SubscribeOutcome;
import io.tsunagu.ingest.session.SubscriptionSet.UnsubscribeResult;
import io.vertx.core.Future;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.MqttUnsubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttUnsubAckReasonCode;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * SUBSCRIBE and UNSUBSCRIBE of one connection: update the subscription set, publish the session's full state on
 * the session stream, and send SUBACK/UNSUBACK only once Kafka acknowledged it, so an acknowledged subscription is
 * known to routing. Acks leave in the order the requests came, behind every earlier session event. Event-loop only.
 */
final class SubscribeFlow {

    private static final Logger LOG = Logger.getLogger(SubscribeFlow.class);

    private final MqttConnection connection;
    private final ConnectionServices services;
    private final SubscriptionSet subscriptions;

    SubscribeFlow(MqttConnection connection, ConnectionServices services) {
        this.connection = connection;
        this.services = services;
        this.subscriptions = new SubscriptionSet(services.options().mqtt().maxSubscriptionsPerClient());
    }

    /** Handles SUBSCRIBE. */
    void handleSubscribe(MqttSubscribeMessage message) {
        if (!connection.isConnected()) {
            return;
        }
        if (connection.isMqtt5() && hasSubscriptionIdentifier(message.properties())) {
            // Subscription Identifiers Available is 0 (MQTT 5 §3.2.2.3.12): DISCONNECT 0xA1.
            connection.protocolViolation(IngestError.SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED,
                    "SUBSCRIBE with a subscription identifier");
            return;
        }
        List<FilterCheck> checks = message.topicSubscriptions().stream()
                .map(requested -> SubscriptionValidator.check(requested, services.topicLimits()))
                .toList();
        SubscribeOutcome outcome = subscriptions.subscribe(checks);
        IngestError firstError = countRefusals(outcome.results());
        List<MqttSubAckReasonCode> codes = subackCodes(outcome.results());
        afterSessionState(outcome.changed(), () -> suback(message.messageId(), codes, firstError));
    }

    /** Handles UNSUBSCRIBE. */
    void handleUnsubscribe(MqttUnsubscribeMessage message) {
        if (!connection.isConnected()) {
            return;
        }
        List<String> filters = message.topics();
        List<TopicValidation> validations = filters.stream()
                .map(filter -> SubscriptionValidator.checkUnsubscribe(filter, services.topicLimits()))
                .toList();
        List<UnsubscribeResult> results = subscriptions.unsubscribe(filters, validations);
        boolean changed = results.stream().anyMatch(UnsubscribeResult::removed);
        afterSessionState(changed, () -> unsuback(message.messageId(), results));
    }

    /** Runs {@code reply} after the new session state (when it changed) and every earlier event were acked. */
    private void afterSessionState(boolean changed, Runnable reply) {
        Future<Void> published = changed
                ? connection.publishSessionState(subscriptions.snapshot())
                : connection.afterSessionEvents();
        published.onComplete(result -> connection.execute(() -> {
            if (result.succeeded()) {
                reply.run();
            } else {
                connection.serverFailure(IngestError.HANDOFF_FAILED, result.cause());
            }
        }));
    }

    private void suback(int packetId, List<MqttSubAckReasonCode> codes, IngestError firstError) {
        if (connection.isConnected()) {
            MqttProperties properties = connection.isMqtt5() ? connection.problemProperties(firstError)
                    : MqttProperties.NO_PROPERTIES;
            connection.endpoint().subscribeAcknowledge(packetId, codes, properties);
        }
    }

    private void unsuback(int packetId, List<UnsubscribeResult> results) {
        if (!connection.isConnected()) {
            return;
        }
        if (!connection.isMqtt5()) {
            connection.endpoint().unsubscribeAcknowledge(packetId);
            return;
        }
        List<MqttUnsubAckReasonCode> codes = new ArrayList<>(results.size());
        for (UnsubscribeResult result : results) {
            codes.add(unsubackCode(result));
        }
        connection.endpoint().unsubscribeAcknowledge(packetId, codes, MqttProperties.NO_PROPERTIES);
    }

    private static MqttUnsubAckReasonCode unsubackCode(UnsubscribeResult result) {
        if (result.error() != null) {
            return ReasonCodes.unsuback(result.error());
        }
        return result.removed() ? MqttUnsubAckReasonCode.SUCCESS : MqttUnsubAckReasonCode.NO_SUBSCRIPTION_EXISTED;
    }

    private List<MqttSubAckReasonCode> subackCodes(List<FilterCheck> results) {
        List<MqttSubAckReasonCode> codes = new ArrayList<>(results.size());
        for (FilterCheck result : results) {
            codes.add(result.isGranted() ? ReasonCodes.granted(result.granted().qos())
                    : ReasonCodes.suback(result.error(), connection.client().protocolVersion()));
        }
        return codes;
    }

    /** Counts and logs refused filters (client mistakes); returns the first refusal, or null. */
    private IngestError countRefusals(List<FilterCheck> results) {
        IngestError first = null;
        for (FilterCheck result : results) {
            if (!result.isGranted()) {
                services.metrics().clientError(result.error());
                LOG.debugf("connection %s (client %s): filter refused, %s %s", connection.connectionId(),
                        connection.client().clientId(), result.error().code(), result.reason());
                first = first == null ? result.error() : first;
            }
        }
        return first;
    }

    private static boolean hasSubscriptionIdentifier(MqttProperties properties) {
        return properties != null
                && properties.getProperty(MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value()) != null;
    }
}
