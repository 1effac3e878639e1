package io.tsunagu.ingest.transport;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.tsunagu.contracts.error.IngestError;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.topic.TopicValidation;
import io.tsunagu.ingest.codec.FilterCheck;
import io.tsunagu.ingest.codec.PacketCheck;
import io.tsunagu.ingest.codec.ReasonCodes;
import io.tsunagu.ingest.codec.SubscriptionValidator;
import io.tsunagu.ingest.session.RetainedRequests;
import io.tsunagu.ingest.session.SubscriptionSet;
import io.tsunagu.ingest.session.SubscriptionSet.SubscribeOutcome;
import io.tsunagu.ingest.session.SubscriptionSet.UnsubscribeResult;
import io.vertx.core.Future;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.MqttUnsubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttUnsubAckReasonCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * SUBSCRIBE and UNSUBSCRIBE of one connection: update the subscription set, publish the session's full state on
 * the session stream, and send SUBACK/UNSUBACK only once Kafka acknowledged it, so an acknowledged subscription is
 * known to routing. Acks leave in the order the requests came, behind every earlier session event. Shared
 * subscriptions ({@code $share/{ShareName}/{filter}}, MQTT 5 §4.8.2) are kept like any other, for clients of every
 * level (as Mosquitto and EMQX allow 3.1.1 clients), and never ask for retained messages. Event-loop only.
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

    /** Restores the subscriptions of a resumed session [MQTT-3.2.2-2]. */
    void restore(List<Subscription> restored) {
        subscriptions.restore(restored);
    }

    /** The current subscriptions. */
    List<Subscription> snapshot() {
        return subscriptions.snapshot();
    }

    /** Handles SUBSCRIBE. */
    void handleSubscribe(MqttSubscribeMessage message) {
        if (!connection.isConnected()) {
            return;
        }
        PacketCheck packet = SubscriptionValidator.checkSubscribe(message.topicSubscriptions(),
                connection.client().protocolVersion());
        if (!packet.isPassed()) {
            connection.protocolViolation(packet.error(), packet.reason());
            return;
        }
        SubscriptionValidator.SubscriptionIdentifier subscriptionId =
                SubscriptionValidator.subscriptionIdentifier(message.properties());
        if (!subscriptionId.isValid()) {
            // A Subscription Identifier of 0, or more than one, is a Protocol Error (MQTT 5 §3.8.2.1.2).
            connection.protocolViolation(subscriptionId.error(), subscriptionId.reason());
            return;
        }
        List<FilterCheck> checks = message.topicSubscriptions().stream()
                .map(requested -> SubscriptionValidator.check(requested, subscriptionId.subscriptionId(),
                        services.topicLimits()))
                .map(this::authorize)
                .toList();
        Set<String> subscribedBefore = subscribedFilters();
        SubscribeOutcome outcome = subscriptions.subscribe(checks);
        IngestError firstError = countRefusals(outcome.results());
        List<MqttSubAckReasonCode> codes = subackCodes(outcome.results());
        List<String> retainedRequests = retainedRequests(outcome.results(), subscribedBefore);
        afterSessionState(outcome.changed(), retainedRequests, () -> suback(message.messageId(), codes, firstError));
    }

    /** Handles UNSUBSCRIBE. */
    void handleUnsubscribe(MqttUnsubscribeMessage message) {
        if (!connection.isConnected()) {
            return;
        }
        List<String> filters = message.topics();
        PacketCheck packet = SubscriptionValidator.checkUnsubscribe(filters);
        if (!packet.isPassed()) {
            connection.protocolViolation(packet.error(), packet.reason());
            return;
        }
        List<TopicValidation> validations = filters.stream()
                .map(filter -> SubscriptionValidator.checkUnsubscribe(filter, services.topicLimits()))
                .toList();
        List<UnsubscribeResult> results = subscriptions.unsubscribe(filters, validations);
        boolean changed = results.stream().anyMatch(UnsubscribeResult::removed);
        afterSessionState(changed, List.of(), () -> unsuback(message.messageId(), results));
    }

    /**
     * Runs {@code reply} after the new session state (when it changed, with {@code retainedRequests}) and every
     * earlier event were acked.
     */
    private void afterSessionState(boolean changed, List<String> retainedRequests, Runnable reply) {
        Future<Void> published = changed
                ? connection.publishSessionState(subscriptions.snapshot(), retainedRequests)
                : connection.afterSessionEvents();
        published.onComplete(result -> connection.execute(() -> {
            if (result.succeeded()) {
                reply.run();
            } else {
                connection.serverFailure(IngestError.HANDOFF_FAILED, result.cause());
            }
        }));
    }

    /** A granted filter the authorizer refuses becomes a refusal: SUBACK 0x87 (MQTT 5) or 0x80 (3.1/3.1.1). */
    private FilterCheck authorize(FilterCheck check) {
        if (!check.isGranted() || services.authorizer().canSubscribe(connection.identity(), check.filter())) {
            return check;
        }
        services.metrics().notAuthorized(AuthorizationAction.SUBSCRIBE);
        return FilterCheck.refused(check.filter(), IngestError.NOT_AUTHORIZED, "the authorizer refused the filter");
    }

    /** The filters subscribed before this SUBSCRIBE: Retain Handling 1 asks whether a subscription is new. */
    private Set<String> subscribedFilters() {
        Set<String> filters = new HashSet<>();
        for (Subscription subscription : subscriptions.snapshot()) {
            filters.add(subscription.filter());
        }
        return filters;
    }

    /** The filters whose retained messages routing must send now; none while retained messages are off. */
    private List<String> retainedRequests(List<FilterCheck> results, Set<String> subscribedBefore) {
        if (!services.options().mqtt().retainAvailable()) {
            return List.of();
        }
        return RetainedRequests.select(results, subscribedBefore, connection.client().protocolVersion());
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
}
