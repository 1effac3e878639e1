package io.tsunagu.routing.dispatch;

import io.tsunagu.contracts.amqp.AmqpDelivery;
import io.tsunagu.contracts.amqp.AmqpPublishEvent;
import io.tsunagu.contracts.amqp.BasicProperties;
import io.tsunagu.contracts.amqp.BasicPropertiesCodec;
import io.tsunagu.contracts.codec.CodecException;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.event.DeliveryKind;
import io.tsunagu.contracts.event.DeliverySource;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.routing.amqp.exchange.ExchangeRoute;
import io.tsunagu.routing.amqp.exchange.RoutedMessage;
import io.tsunagu.routing.amqp.exchange.VhostExchanges;
import io.tsunagu.routing.amqp.topology.TopologyFollower;
import io.tsunagu.routing.session.Routes;
import io.tsunagu.routing.session.SessionTable;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Routes one AMQP publish ({@link AmqpPublishEvent}, on the publish stream) through its vhost's exchanges:
 * <ol>
 *   <li>one {@code QueueMessage} per queue reached ({@link QueueRecords});</li>
 *   <li>when it reached {@code amq.topic}, the MQTT subscribers of its vhost get it as the topic made from its
 *       routing key ({@link MqttBridge}), matched against the session table exactly like an MQTT publish, with the
 *       AMQP record's position as the delivery source;</li>
 *   <li>when the publisher wants an outcome: a mandatory publish nothing took gets a RETURN (312 NO_ROUTE), and a
 *       publish with a publish sequence number an OUTCOME after it, written only once Kafka acknowledged every
 *       record made from it, and in the publishing channel's order ({@link OutcomeWriter}).</li>
 * </ol>
 * A publish to an exchange that no longer exists is unroutable. The publish record is acknowledged once every
 * record made from it, outcome included, is.
 *
 * <p>Threading: the publish channel's context; it only reads the topology and session copies.
 */
@ApplicationScoped
public class AmqpPublishRouting {

    private static final Logger LOG = Logger.getLogger(AmqpPublishRouting.class);
    /** AMQP 0-9-1 §1.2 constant 312 no-route, with RabbitMQ's reply text. */
    static final AmqpDelivery.Reply NO_ROUTE = new AmqpDelivery.Reply(312, "NO_ROUTE");
    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private final TopologyFollower topology;
    private final SessionTable table;
    private final OutcomeWriter outcomes;
    private final RoutingMetrics metrics;
    private final AmqpRoutingMetrics amqpMetrics;

    public AmqpPublishRouting(TopologyFollower topology, SessionTable table, OutcomeWriter outcomes,
            RoutingMetrics metrics, AmqpRoutingMetrics amqpMetrics) {
        this.topology = topology;
        this.table = table;
        this.outcomes = outcomes;
        this.metrics = metrics;
        this.amqpMetrics = amqpMetrics;
    }

    /** The records made from {@code publish} (the decoded {@code event}); acks the publish when they all are. */
    List<Message<byte[]>> route(Message<byte[]> publish, AmqpPublishEvent event, DeliverySource source) {
        long start = System.nanoTime();
        Optional<OutcomeWriter.Place> place = event.wantsOutcome()
                ? Optional.of(outcomes.reserve(event.publisher()))
                : Optional.empty();
        Properties properties = new Properties(event);
        ExchangeRoute route = topology.exchanges(event.vhost()).route(event.message().exchange(),
                new RoutedMessage(event.message().routingKey(), properties::headers));
        OutgoingBatch batch = new OutgoingBatch();
        new QueueRecords(event.vhost(), route.queues(), event.messageId(), event.message())
                .addTo(batch, source, amqpMetrics);
        boolean toMqtt = route.reached(VhostExchanges.MQTT_EXCHANGE) && addMqttCopies(batch, event, properties,
                source);
        boolean routed = !route.queues().isEmpty() || toMqtt;
        count(event, route, routed);
        Answer answer = new Answer(publish, place, answers(event, routed), start);
        if (batch.isEmpty()) {
            answer.give();
            return List.of();
        }
        return batch.seal(new AckGroup(batch.size(), answer::give, answer::fail, () -> { }));
    }

    /**
     * What the publisher is told: a RETURN (312 NO_ROUTE) when it is mandatory and nothing took it, then an OUTCOME
     * when it has a publish sequence number (confirm mode, or a transaction's commit).
     */
    private static List<AmqpDelivery> answers(AmqpPublishEvent event, boolean routed) {
        List<AmqpDelivery> answers = new ArrayList<>(2);
        if (event.mandatory() && !routed) {
            answers.add(AmqpDelivery.returned(event.publisher(), event.publishSeq(), NO_ROUTE, event.message()));
        }
        if (event.publishSeq() > 0) {
            answers.add(AmqpDelivery.outcome(event.publisher(), event.publishSeq()));
        }
        return answers;
    }

    private void count(AmqpPublishEvent event, ExchangeRoute route, boolean routed) {
        if (routed) {
            amqpMetrics.routed();
        } else {
            amqpMetrics.unroutable();
            if (!route.exchangeFound()) {
                LOG.debugf("AMQP publish %s to exchange '%s' of vhost %s, which does not exist: unroutable",
                        event.messageId(), event.message().exchange(), event.vhost());
            }
        }
    }

    /**
     * The MQTT copies of a publish that reached {@code amq.topic}: none when its routing key makes no MQTT topic or
     * no subscriber matches. Returns whether there is any recipient.
     */
    private boolean addMqttCopies(OutgoingBatch batch, AmqpPublishEvent event, Properties properties,
            DeliverySource source) {
        Optional<String> topic = MqttBridge.topic(event.message().routingKey());
        if (topic.isEmpty()) {
            return false;
        }
        PublishEvent mqtt = MqttBridge.toMqtt(event, topic.get(), properties.decoded());
        Routes routes = table.route(mqtt);
        if (routes.isEmpty()) {
            return false;
        }
        List<Recipient> queued = new ArrayList<>();
        for (Recipient recipient : routes.offline()) {
            if (recipient.qos() > 0) {
                queued.add(recipient);
            } else {
                metrics.offlineQos0Dropped();
            }
        }
        new MqttCopies(event.vhost(), routes.byNode(), queued, DeliveryKind.LIVE, PublishCodec.encode(mqtt))
                .addTo(batch, source, metrics);
        amqpMetrics.amqpToMqtt();
        return true;
    }

    /**
     * The end of one publish: once every record made from it is in Kafka, its answers (if any) are written in its
     * place, then the publish record is acknowledged; a failed record gives the place up and fails the publish.
     */
    private final class Answer {
        private final Message<byte[]> publish;
        private final Optional<OutcomeWriter.Place> place;
        private final List<AmqpDelivery> answers;
        private final long start;

        Answer(Message<byte[]> publish, Optional<OutcomeWriter.Place> place, List<AmqpDelivery> answers,
                long start) {
            this.publish = publish;
            this.place = place;
            this.answers = answers;
            this.start = start;
        }

        CompletionStage<Void> give() {
            if (place.isEmpty() || answers.isEmpty()) {
                place.ifPresent(OutcomeWriter.Place::release);
                metrics.routed(start);
                return publish.ack();
            }
            place.get().write(answers).whenComplete((done, failure) -> {
                if (failure != null) {
                    publish.nack(failure);
                    return;
                }
                answers.forEach(AmqpPublishRouting.this::countAnswer);
                metrics.routed(start);
                publish.ack();
            });
            return DONE;
        }

        CompletionStage<Void> fail(Throwable reason) {
            place.ifPresent(OutcomeWriter.Place::release);
            return publish.nack(reason);
        }
    }

    private void countAnswer(AmqpDelivery answer) {
        if (answer.reply().isOk()) {
            amqpMetrics.outcome();
        } else {
            amqpMetrics.returned();
        }
    }

    /** The publish's properties, decoded at most once and only when a headers exchange or MQTT needs them. */
    private static final class Properties {
        private final AmqpPublishEvent event;
        private BasicProperties decoded;

        Properties(AmqpPublishEvent event) {
            this.event = event;
        }

        BasicProperties decoded() {
            if (decoded == null) {
                decoded = decode(event);
            }
            return decoded;
        }

        Map<String, Object> headers() {
            Map<String, Object> headers = decoded().headers();
            return headers == null ? Map.of() : headers;
        }

        /** Ingest checked the section; one it could not have accepted routes as a message without properties. */
        private static BasicProperties decode(AmqpPublishEvent event) {
            try {
                return BasicPropertiesCodec.decode(event.message().properties());
            } catch (CodecException e) {
                LOG.warnf("AMQP publish %s has undecodable properties (%s): routed as if it had none",
                        event.messageId(), e.getMessage());
                return BasicProperties.EMPTY;
            }
        }
    }
}
